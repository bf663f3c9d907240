using System.Text.Json;
using Npgsql;

namespace Gongzhi.Web.Platform.Realtime;

/// <summary>
/// Carries <see cref="ChangeBus"/> topics between nodes that share one PostgreSQL database: <c>pg_notify</c> on publish,
/// a dedicated connection that LISTENs and delivers what other nodes sent. Reconnects after a failure.
/// </summary>
public sealed class PostgresChangeRelay(ChangeBus bus, IConfiguration config, TimeProvider clock, ILogger<PostgresChangeRelay> log) : BackgroundService
{
    public const string Channel = "gongzhi_changes";

    sealed record Message(Guid Node, string Topic, string Payload);

    readonly string _connection = config.GetConnectionString("Gongzhi")!;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        bus.Outbound = SendAsync;
        return base.StartAsync(cancellationToken);
    }

    async Task SendAsync(string topic, string payload)
    {
        await using var conn = new NpgsqlConnection(_connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select pg_notify(@channel, @message)", conn);
        cmd.Parameters.AddWithValue("channel", Channel);
        cmd.Parameters.AddWithValue("message", JsonSerializer.Serialize(new Message(bus.NodeId, topic, payload)));
        await cmd.ExecuteNonQueryAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
