using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Gongzhi.Web.Platform.Data;

/// <summary>
/// New rows of mapped entities written to PostgreSQL as plain (multi-row) INSERTs in one Npgsql batch — one round trip, one
/// implicit transaction (Npgsql sends a batch with one Sync, so an error in any statement rolls back all of them) —
/// for a hot path that must not pay for EF Core's change tracking and command pipeline (case intake, architecture
/// decision 26). Tables, columns, value conversions and parameter types come from the EF Core model, so a migration
/// that adds a column changes what is written here too; store-generated numeric keys are left to the database.
/// <para>
/// It has its own data source: its statements are the same few INSERTs every time, so they are prepared on reuse
/// (<c>Max Auto Prepare</c>), and a connection going back to the pool is not reset (nothing run on these connections
/// sets session state: <c>SET LOCAL</c> ends with its transaction). EF Core's own connections are not affected.
/// </para>
/// </summary>
public sealed class PostgresRows : IAsyncDisposable
{
    readonly NpgsqlDataSource _source;
    readonly ConcurrentDictionary<(Type Type, int Rows), Shape> _shapes = new();
    static readonly NpgsqlCommand ParameterFactory = new(); // CreateParameter only news a parameter; never executed

    sealed record Shape(string Sql, IProperty[] Properties);

    public PostgresRows(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (csb.MaxAutoPrepare == 0) csb.MaxAutoPrepare = 64; // a few shapes per table (ChunkOf)
        _source = NpgsqlDataSource.Create(csb.ConnectionString);
    }

    /// <summary>The app's EF Core model, kept by the first caller (reading it from a context costs the context's initialisation).</summary>
    public IModel? Model { get; set; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => _source.OpenConnectionAsync(ct);

    /// <summary>
    /// Inserts <paramref name="rows"/> as one batch on <paramref name="connection"/>: the rows of one type together, as
    /// multi-row INSERTs, the types in the order each first appears — over a whole group, so every unit must list its
    /// types in the same order, parents before children (a group that breaks a foreign key that way would fail, and
    /// then be written unit by unit).
    /// </summary>
    public async Task InsertAsync(NpgsqlConnection connection, IReadOnlyList<object> rows, IModel model, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var (type, ofType) in ByType(rows))
        {
            var perStatement = MaxParameters / Math.Max(1, ShapeOf(type, 1, model).Properties.Length); // PostgreSQL's limit of parameters
            for (var i = 0; i < ofType.Count;)
            {
                var n = ChunkOf(Math.Min(ofType.Count - i, perStatement));
                batch.BatchCommands.Add(Command(type, ofType, i, n, model));
                i += n;
            }
        }
        await batch.ExecuteNonQueryAsync(ct);
        Interlocked.Add(ref _written, rows.Count);
    }

    static List<(Type Type, List<object> Rows)> ByType(IReadOnlyList<object> rows)
    {
        var types = new List<(Type Type, List<object> Rows)>(8);
        foreach (var row in rows)
        {
            var type = row.GetType();
            var at = 0;
            while (at < types.Count && types[at].Type != type) at++;
            if (at == types.Count) types.Add((type, [row]));
            else types[at].Rows.Add(row);
        }
        return types;
    }

    /// <summary>
    /// Rows per statement: the largest power of two up to <see cref="MaxRowsPerStatement"/>, so a table has a handful of
    /// statement shapes, each prepared once (13 rows: 8 + 4 + 1), instead of one per group size.
    /// </summary>
    static int ChunkOf(int remaining) => Math.Min(MaxRowsPerStatement, 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)remaining)));

    const int MaxRowsPerStatement = 64, MaxParameters = 65_535;

    long _written;

    /// <summary>Rows written since start (diagnostics; the tests check which path a save took).</summary>
    public long RowsWritten => Interlocked.Read(ref _written);

    sealed record Pending(IReadOnlyList<object> Rows, TaskCompletionSource Done);

    readonly System.Collections.Concurrent.ConcurrentQueue<Pending> _queue = new();
    int _flushers;

    /// <summary>At most this many groups are written at once; the requests arriving meanwhile wait for the next group.</summary>
    const int MaxFlushers = 2, MaxGroup = 32;

    /// <summary>
    /// Inserts <paramref name="rows"/> (one unit: all or none) and returns once they are committed — grouped with the units
    /// of concurrent callers into one batch, so one round trip and one commit serve them all (group commit). A group
    /// that fails is retried one unit at a time, so a unit fails only for its own rows.
    /// </summary>
    public Task InsertGroupedAsync(IReadOnlyList<object> rows, IModel model, CancellationToken ct)
    {
        var pending = new Pending(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        if (Interlocked.Increment(ref _flushers) <= MaxFlushers) _ = FlushAsync(model);
        else Interlocked.Decrement(ref _flushers);
        return pending.Done.Task.WaitAsync(ct);
    }

    async Task FlushAsync(IModel model)
    {
        while (true)
        {
            while (!_queue.IsEmpty)
            {
                var group = new List<Pending>(MaxGroup);
                while (group.Count < MaxGroup && _queue.TryDequeue(out var p)) group.Add(p);
                if (group.Count > 0) await WriteGroupAsync(group, model);
            }
            Interlocked.Decrement(ref _flushers);
            // A unit queued after the emptiness check above, while every flusher was leaving, must not be stranded:
            // go on unless the queue is empty or enough other flushers are at work to take it.
            if (_queue.IsEmpty) return;
            if (Interlocked.Increment(ref _flushers) > MaxFlushers)
            {
                Interlocked.Decrement(ref _flushers);
                return;
            }
        }
    }

    async Task WriteGroupAsync(List<Pending> group, IModel model)
    {
        try
        {
            await using var connection = await OpenAsync(CancellationToken.None);
            try
            {
                await InsertAsync(connection, [.. group.SelectMany(p => p.Rows)], model, CancellationToken.None);
                foreach (var p in group) p.Done.TrySetResult();
                return;
            }
            catch (Exception) when (group.Count > 1)
            {
                // Nothing of the group was written (one implicit transaction): write each unit on its own.
            }
            foreach (var p in group)
            {
                try
                {
                    await InsertAsync(connection, p.Rows, model, CancellationToken.None);
                    p.Done.TrySetResult();
                }
                catch (Exception e) { p.Done.TrySetException(e); }
            }
        }
        catch (Exception e)
        {
            foreach (var p in group) p.Done.TrySetException(e);
        }
    }

    NpgsqlBatchCommand Command(Type type, List<object> rows, int from, int count, IModel model)
    {
        var shape = ShapeOf(type, count, model);
        var cmd = new NpgsqlBatchCommand(shape.Sql);
        for (var r = from; r < from + count; r++)
            foreach (var p in shape.Properties)
            {
                // The type mapping converts the value (enums stored as text, …) and types the parameter exactly as EF Core would.
                var value = p.GetGetter().GetClrValueUsingContainingEntity(rows[r]);
                cmd.Parameters.Add((NpgsqlParameter)p.GetRelationalTypeMapping().CreateParameter(ParameterFactory, "", value, p.IsNullable));
            }
        return cmd;
    }

    Shape ShapeOf(Type type, int rows, IModel model) => _shapes.GetOrAdd((type, rows), static (key, m) => ShapeOf(m, key.Type, key.Rows), model);

    static Shape ShapeOf(IModel model, Type type, int rows)
    {
        var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not a mapped entity type");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} is not mapped to a table");
        if (entity.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            throw new InvalidOperationException($"{type.Name}.{shadow.Name} is a shadow property: write {type.Name} through EF Core");
        // A numeric key the database generates (identity) is left out; app-made keys (v7 GUIDs) are written.
        var properties = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never || p.ClrType == typeof(Guid)).ToArray();
        var schema = entity.GetSchema() is { } s ? Quote(s) + "." : "";
        var values = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", properties.Select((_, i) => "$" + (r * properties.Length + i + 1))) + ")");
        var sql = $"INSERT INTO {schema}{Quote(table)} ({string.Join(", ", properties.Select(p => Quote(p.GetColumnName())))}) VALUES {string.Join(", ", values)}";
        return new Shape(sql, properties);
    }

    static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
