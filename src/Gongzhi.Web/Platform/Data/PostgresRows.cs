using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Gongzhi.Web.Platform.Data;

/// <summary>
/// New rows of mapped entities written to PostgreSQL as plain INSERTs in one Npgsql batch — one round trip, one
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
    readonly ConcurrentDictionary<Type, Shape> _shapes = new();
    static readonly NpgsqlCommand ParameterFactory = new(); // CreateParameter only news a parameter; never executed

    sealed record Shape(string Sql, IProperty[] Properties);

    public PostgresRows(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (csb.MaxAutoPrepare == 0) csb.MaxAutoPrepare = 32;
        _source = NpgsqlDataSource.Create(csb.ConnectionString);
    }

    /// <summary>The app's EF Core model, kept by the first caller (reading it from a context costs the context's initialisation).</summary>
    public IModel? Model { get; set; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => _source.OpenConnectionAsync(ct);

    /// <summary>Inserts <paramref name="rows"/> in their order (parents before children) as one batch on <paramref name="connection"/>.</summary>
    public async Task InsertAsync(NpgsqlConnection connection, IReadOnlyList<object> rows, IModel model, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var row in rows) batch.BatchCommands.Add(Command(row, model));
        await batch.ExecuteNonQueryAsync(ct);
        Interlocked.Add(ref _written, rows.Count);
    }

    long _written;

    /// <summary>Rows written since start (diagnostics; the tests check which path a save took).</summary>
    public long RowsWritten => Interlocked.Read(ref _written);

    NpgsqlBatchCommand Command(object row, IModel model)
    {
        var shape = _shapes.GetOrAdd(row.GetType(), static (type, m) => ShapeOf(m, type), model);
        var cmd = new NpgsqlBatchCommand(shape.Sql);
        foreach (var p in shape.Properties)
        {
            // The type mapping converts the value (enums stored as text, …) and types the parameter exactly as EF Core would.
            var value = p.GetGetter().GetClrValueUsingContainingEntity(row);
            cmd.Parameters.Add((NpgsqlParameter)p.GetRelationalTypeMapping().CreateParameter(ParameterFactory, "", value, p.IsNullable));
        }
        return cmd;
    }

    static Shape ShapeOf(IModel model, Type type)
    {
        var entity = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not a mapped entity type");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} is not mapped to a table");
        if (entity.GetProperties().FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            throw new InvalidOperationException($"{type.Name}.{shadow.Name} is a shadow property: write {type.Name} through EF Core");
        // A numeric key the database generates (identity) is left out; app-made keys (v7 GUIDs) are written.
        var properties = entity.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never || p.ClrType == typeof(Guid)).ToArray();
        var schema = entity.GetSchema() is { } s ? Quote(s) + "." : "";
        var sql = $"INSERT INTO {schema}{Quote(table)} ({string.Join(", ", properties.Select(p => Quote(p.GetColumnName())))}) " +
            $"VALUES ({string.Join(", ", properties.Select((_, i) => "$" + (i + 1)))})";
        return new Shape(sql, properties);
    }

    static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
