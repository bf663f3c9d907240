using System.Globalization;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>The last serial handed out for one {district}{yyyyMMdd} prefix.</summary>
public sealed class CaseNumberCounter
{
    public required string Prefix { get; init; }
    public int Last { get; set; }
}

sealed class CaseNumberCounterConfiguration : IEntityTypeConfiguration<CaseNumberCounter>
{
    public void Configure(EntityTypeBuilder<CaseNumberCounter> b)
    {
        b.ToTable("case_number_counters");
        b.HasKey(x => x.Prefix);
        b.Property(x => x.Prefix).HasMaxLength(14);
    }
}

/// <summary>
/// Case numbers {district}{yyyyMMdd in CST}{6-digit serial of the day}, e.g. 32010520261123000042. Serials come from
/// one counter row per prefix, raised by a single UPDATE … RETURNING: concurrent reporters on any node never take the
/// same number (the row lock orders them), and no request scans the cases for the highest number. A number taken by a
/// report that then failed is skipped, as a paper register skips a spoiled line. The counter of a new day starts after
/// the highest number already stored (cases imported before the counter existed).
/// </summary>
public static class CaseNumbers
{
    public static string Prefix(string district, DateTimeOffset at) =>
        district + at.ToCst().ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Format(string prefix, int serial) => prefix + serial.ToString("000000", CultureInfo.InvariantCulture);

    public static async Task<string> NextAsync(GongzhiDb db, string district, DateTimeOffset at, CancellationToken ct)
    {
        var prefix = Prefix(district, at);
        return Format(prefix, await ReserveAsync(db, prefix, 1, ct));
    }

    /// <summary>Reserves <paramref name="count"/> consecutive serials of <paramref name="prefix"/> and returns the first.</summary>
    public static async Task<int> ReserveAsync(GongzhiDb db, string prefix, int count, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var last = db.Database.IsNpgsql() && db.Database.CurrentTransaction is null
                // One implicit transaction of two statements. Its commit does not wait for the WAL flush, so the row lock is
                // released at once and concurrent reporters are not queued behind each other's disk writes. Nothing can
                // be lost that matters: the case that uses the number commits later with a flush, which writes the WAL up
                // to and including this increment; if the server dies before that, the case is lost too. Inside a caller's
                // transaction the setting would cover that whole transaction, so it is used only outside one.
                ? await RaiseUnsyncedAsync(db, prefix, count, ct)
                : await db.Database.SqlQuery<int>(
                    $"""UPDATE case_number_counters SET "Last" = "Last" + {count} WHERE "Prefix" = {prefix} RETURNING "Last" AS "Value" """).ToListAsync(ct);
            if (last.Count == 1) return last[0] - count + 1;

            var highest = await db.Set<Case>().Where(c => c.Number.StartsWith(prefix)).OrderByDescending(c => c.Number).Select(c => c.Number).FirstOrDefaultAsync(ct);
            var start = highest is null ? 0 : int.Parse(highest.AsSpan(prefix.Length), CultureInfo.InvariantCulture);
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO case_number_counters ("Prefix", "Last") VALUES ({prefix}, {start + count}) ON CONFLICT ("Prefix") DO NOTHING""", ct);
            if (inserted == 1) return start + 1;
            // another reporter created the day's counter meanwhile: take a number from it
        }
        throw new InvalidOperationException($"Could not reserve a case number for {prefix}");
    }

    /// <summary>
    /// The UPDATE above as a plain command on the context's connection. Through <c>SqlQuery</c> every number went through
    /// EF Core's query pipeline, and perf showed it creating a dynamic method (a JIT compile) on every execution.
    /// </summary>
    static async Task<List<int>> RaiseUnsyncedAsync(GongzhiDb db, string prefix, int count, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await RaiseUnsyncedAsync(db.Database.GetDbConnection(), prefix, count, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    static async Task<List<int>> RaiseUnsyncedAsync(System.Data.Common.DbConnection connection, string prefix, int count, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """SET LOCAL synchronous_commit = off; UPDATE case_number_counters SET "Last" = "Last" + @count WHERE "Prefix" = @prefix RETURNING "Last" """;
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter<int>("count", count));
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter<string>("prefix", prefix));
        var last = new List<int>(1);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) last.Add(reader.GetInt32(0));
        return last;
    }

    /// <summary>
    /// Raises the counter of <paramref name="prefix"/> by <paramref name="count"/> on an open PostgreSQL connection outside
    /// any transaction and returns the last serial reserved, or null when the day's counter row does not exist yet
    /// (<see cref="ReserveAsync"/> creates it).
    /// </summary>
    internal static async Task<int?> RaiseOnAsync(Npgsql.NpgsqlConnection connection, string prefix, int count, CancellationToken ct) =>
        await RaiseUnsyncedAsync(connection, prefix, count, ct) is [var last] ? last : null;
}

/// <summary>
/// Case numbers handed out by this node from blocks it reserved on the counter row (PostgreSQL intake,
/// <see cref="NewCases"/>). A block is as large as the number of intakes waiting on this node when it is taken (1 to
/// 32), and while blocks keep running out within a second of each other each is twice the last (up to
/// <see cref="MaxBlock"/>): one at a time every intake raises the counter by one as before, and a steady stream of
/// reports raises it a few times a second instead of once per handful of intakes (every raise is a round trip and a
/// commit, and the intakes behind it wait for it). Numbers stay unique across nodes (each block comes from the counter
/// row). Two things change under load: numbers of different nodes interleave out of report order, and a node that
/// stops loses the rest of its block — skipped numbers, as a report that fails after taking its number skips one.
/// A block taken more than <see cref="StaleMs"/> ago is dropped the same way, so after a burst a node does not go on
/// handing out old numbers behind the newer ones of other nodes.
/// </summary>
public sealed class CaseNumberBlocks
{
    /// <summary>The largest block: at most this many numbers of a day are skipped when a node stops.</summary>
    public const int MaxBlock = 256;

    const int MaxWaitingBlock = 32;
    const long StreamMs = 1000; // a block used up within this long of the last one means a steady stream of reports

    /// <summary>A block older than this is dropped (the rest of its numbers skipped) rather than used.</summary>
    public const long StaleMs = 5000;

    sealed class Block
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public int Next = 1, Last; // Next > Last: empty
        public int Size; // of the last block taken
        public long TakenAt; // Environment.TickCount64 when it was taken
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Block> _blocks = new(StringComparer.Ordinal);
    int _waiting;

    /// <summary>The next number of <paramref name="prefix"/>, or null when the day's counter row does not exist yet.</summary>
    public async Task<string?> NextAsync(PostgresRows rows, string prefix, CancellationToken ct)
    {
        if (!_blocks.TryGetValue(prefix, out var block))
        {
            // Blocks of earlier days are done with (a prefix is district + day; other districts' blocks of today stay).
            foreach (var old in _blocks.Keys)
                if (string.CompareOrdinal(old, 6, prefix, 6, 8) < 0) _blocks.TryRemove(old, out _);
            block = _blocks.GetOrAdd(prefix, _ => new Block());
        }
        Interlocked.Increment(ref _waiting);
        try
        {
            await block.Gate.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        try
        {
            // Real time, not the app's clock: this is about the pace of requests, and a test's frozen clock must not grow blocks.
            var now = Environment.TickCount64;
            if (block.Next > block.Last || IsStale(now - block.TakenAt))
            {
                var count = SizeOf(Volatile.Read(ref _waiting) + 1, block.Size, now - block.TakenAt);
                await using var connection = await rows.OpenAsync(ct);
                if (await CaseNumbers.RaiseOnAsync(connection, prefix, count, ct) is not { } last) return null;
                (block.Next, block.Last, block.Size, block.TakenAt) = (last - count + 1, last, count, now);
            }
            return CaseNumbers.Format(prefix, block.Next++);
        }
        finally
        {
            block.Gate.Release();
        }
    }

    internal static bool IsStale(long msSinceTaken) => msSinceTaken > StaleMs;

    /// <summary>The size of the next block: the intakes waiting for it, or twice the last block when that one ran out within <see cref="StreamMs"/>.</summary>
    internal static int SizeOf(int waiting, int lastSize, long msSinceLast)
    {
        var size = Math.Clamp(waiting, 1, MaxWaitingBlock);
        return lastSize > 0 && msSinceLast < StreamMs ? Math.Max(size, Math.Min(lastSize * 2, MaxBlock)) : size;
    }
}
