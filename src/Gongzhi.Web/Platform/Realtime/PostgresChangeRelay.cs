using System.Text.Json;
using System.Threading.Channels;
using Npgsql;

namespace Gongzhi.Web.Platform.Realtime;

/// <summary>
/// Carries <see cref="ChangeBus"/> topics between nodes that share one PostgreSQL database: <c>pg_notify</c> on publish,
/// a dedicated connection that LISTENs and delivers what other nodes sent. Reconnects after a failure.
/// Outbound changes queue up while a send is in flight (and for 50 ms after it) and go out together, the same change
/// only once: under load (thousands of cases a second) the other nodes get one notice per topic per 50 ms instead of
/// one per change.
/// </summary>
public sealed class PostgresChangeRelay(ChangeBus bus, IConfiguration config, TimeProvider clock, ILogger<PostgresChangeRelay> log) : BackgroundService
{
    public const string Channel = "gongzhi_changes";
    static readonly TimeSpan SendPause = TimeSpan.FromMilliseconds(50);

    sealed record Message(Guid Node, string Topic, string Payload);

    readonly string _connection = config.GetConnectionString("Gongzhi")!;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        bus.Outbound = SendAsync;
        return base.StartAsync(cancellationToken);
    }

    readonly Channel<(string Topic, string Payload)> _outbox = System.Threading.Channels.Channel.CreateUnbounded<(string, string)>(new() { SingleReader = true });

    Task SendAsync(string topic, string payload)
    {
        _outbox.Writer.TryWrite((topic, payload));
        return Task.CompletedTask;
    }

    async Task SendLoopAsync(CancellationToken ct)
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(ct))
            {
                var batch = new HashSet<(string Topic, string Payload)>();
                while (batch.Count < 200 && _outbox.Reader.TryRead(out var change)) batch.Add(change);
                try
                {
                    await using var conn = new NpgsqlConnection(_connection);
                    await conn.OpenAsync(ct);
                    await using var cmd = new NpgsqlCommand("select " + string.Join(", ", batch.Select((_, i) => $"pg_notify(@channel, @m{i})")), conn);
                    cmd.Parameters.AddWithValue("channel", Channel);
                    var i = 0;
                    foreach (var (topic, payload) in batch)
                        cmd.Parameters.AddWithValue($"m{i++}", JsonSerializer.Serialize(new Message(bus.NodeId, topic, payload)));
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // Other nodes miss these changes (their pages refresh at the next one); the loop goes on.
                    log.LogWarning(e, "Could not send {Count} changes to other nodes", batch.Count);
                }
                // At most one notice round every SendPause: under load the changes of that moment go out together (a
                // case intake publishes on every report). Real time, not the app's clock: this paces I/O, it is not a
                // deadline, and a test's frozen clock must not stop the relay.
                await Task.Delay(SendPause, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sending = SendLoopAsync(stoppingToken);
        try
        {
            await ListenLoopAsync(stoppingToken);
        }
        finally
        {
            await sending;
        }
    }

    async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connection) { KeepAlive = 30, Pooling = false }.ToString());
                await conn.OpenAsync(stoppingToken);
                conn.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", conn)) await listen.ExecuteNonQueryAsync(stoppingToken);
                // Whatever changed while this node was not listening: let every listener refresh once.
                bus.Deliver(Topics.Reconnected, "");
                while (!stoppingToken.IsCancellationRequested) await conn.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException)
            {
                // Back off before reconnecting (the injected clock, like every other timer of the app).
                log.LogWarning(e, "Change relay lost its PostgreSQL connection; retrying in 5 s");
                try { await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }

    void OnNotification(string json)
    {
        Message? message;
        try { message = JsonSerializer.Deserialize<Message>(json); }
        catch (JsonException) { return; }
        if (message is null || message.Node == bus.NodeId) return;
        bus.Deliver(message.Topic, message.Payload);
    }
}

/// <summary>Topics every listener may care about.</summary>
public static class Topics
{
    /// <summary>The relay (re)connected: changes may have been missed, refresh caches.</summary>
    public const string Reconnected = "platform.reconnected";
}
