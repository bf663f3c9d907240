using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// Runs on every node: claims due deadline rows and applies their warning or escalation in the same transaction that
/// marks them, so a restart loses nothing and two nodes never fire the same row. PostgreSQL claims with
/// <c>FOR UPDATE SKIP LOCKED</c>; SQLite (one node) serialises writers anyway.
/// </summary>
public sealed class DeadlineSweeper(IServiceScopeFactory scopes, TimeProvider clock, ChangeBus bus, IConfiguration config, ILogger<DeadlineSweeper> log)
    : BackgroundService
{
    public const string CasesChanged = "cases.changed";
    const int Batch = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Cases:SweepSeconds", 15)));
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            try
            {
                while (await SweepAsync(stoppingToken) == Batch) { }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "Deadline sweep failed; the next sweep retries");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>One sweep: claims up to a batch of due rows, applies them, commits. Returns how many it handled.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var deadlines = db.Set<Deadline>();
        var due = db.Database.IsNpgsql()
            ? await deadlines.FromSql($"""
                SELECT * FROM deadlines
                WHERE "FiredAt" IS NULL AND "CancelledAt" IS NULL AND ("DueAt" <= {now} OR ("WarnAt" <= {now} AND "WarnedAt" IS NULL))
                ORDER BY "DueAt" LIMIT {Batch} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct)
            : await deadlines.Where(d => d.FiredAt == null && d.CancelledAt == null && (d.DueAt <= now || (d.WarnAt <= now && d.WarnedAt == null)))
                .OrderBy(d => d.DueAt).Take(Batch).ToListAsync(ct);
        if (due.Count == 0) return 0;

        var ids = due.Select(d => d.CaseId).Distinct().ToList();
        var cases = await db.Set<Case>().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var d in due)
        {
            var c = cases[d.CaseId];
            if (d.IsDue(now)) { d.Fire(now); c.Escalate(d, now); }
            else { d.MarkWarned(now); c.Warn(d, now); }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        bus.Publish(CasesChanged);
        return due.Count;
    }
}
