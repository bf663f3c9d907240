namespace Gongzhi.Web.Platform.Realtime;

/// <summary>
/// Change notifications by topic (e.g. "areas.grids"): a module publishes after it committed a change; listeners (the
/// point→grid index, live pages) refresh. Delivered at once in this process, and — on PostgreSQL — to every other node
/// through <see cref="PostgresChangeRelay"/> (LISTEN/NOTIFY).
/// </summary>
public sealed class ChangeBus(ILogger<ChangeBus> log)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, List<Action<string>>> _handlers = [];

    /// <summary>This process's id, so a node ignores its own notifications coming back.</summary>
    public Guid NodeId { get; } = Guid.NewGuid();

    /// <summary>Set by the relay: sends a change to the other nodes.</summary>
    internal Func<string, string, Task>? Outbound { get; set; }

    public IDisposable Subscribe(string topic, Action<string> handler)
    {
        lock (_gate)
        {
            if (!_handlers.TryGetValue(topic, out var list)) _handlers[topic] = list = [];
            list.Add(handler);
        }
        return new Unsubscriber(() => { lock (_gate) _handlers[topic].Remove(handler); });
    }

    public void Publish(string topic, string payload = "")
    {
        Deliver(topic, payload);
        if (Outbound is { } send)
            _ = send(topic, payload).ContinueWith(t => log.LogWarning(t.Exception, "Could not send change {Topic} to other nodes", topic),
                TaskContinuationOptions.OnlyOnFaulted);
    }

    /// <summary>Runs this process's handlers of <paramref name="topic"/>.</summary>
    internal void Deliver(string topic, string payload)
    {
        Action<string>[] handlers;
        lock (_gate) handlers = _handlers.TryGetValue(topic, out var list) ? [.. list] : [];
        foreach (var h in handlers)
        {
            try { h(payload); }
            catch (Exception e) { log.LogError(e, "A handler of {Topic} failed", topic); }
        }
    }

    sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
