namespace Gongzhi.Web.Platform.Realtime;

/// <summary>
/// In-process change notifications by topic (e.g. "areas.grids"): a module publishes after it committed a change,
/// listeners (the point→grid index, live pages) refresh. Across nodes this will be carried by PostgreSQL LISTEN/NOTIFY.
/// </summary>
public sealed class ChangeBus
{
    readonly Lock _gate = new();
    readonly Dictionary<string, List<Action<string>>> _handlers = [];

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
        Action<string>[] handlers;
        lock (_gate) handlers = _handlers.TryGetValue(topic, out var list) ? [.. list] : [];
        foreach (var h in handlers) h(payload);
    }

    sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
