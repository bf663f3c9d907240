using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// Moves <see cref="CaseStatDelta"/> rows into <see cref="CaseStat"/> totals every few seconds (<c>Cases:StatsFoldSeconds</c>,
/// default 5), on every node; on PostgreSQL one node at a time (a transaction-scoped advisory lock), on SQLite the single
/// writer serialises it anyway. Readers add the unfolded deltas, so folding changes no figure, only how fast it is read.
/// On start it builds the totals from the cases when there are cases but no totals (a database from before the rollup).
/// </summary>
public sealed class CaseStatsFolder(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<CaseStatsFolder> log) : BackgroundService
{
    const int Batch = 5000;
    const long AdvisoryLock = 0x6A_7A_5354; // "gzST"

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Cases:StatsFoldSeconds", 5))), clock);
        while (true)
        {
            try
            {
                // Totals are built before anything is folded into them; a build that failed is tried again each round
                // (until then metrics count the cases).
                await RebuildIfMissingAsync(stoppingToken);
                while (await FoldAsync(stoppingToken) == Batch) { }
                if (!await timer.WaitForNextTickAsync(stoppingToken)) return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Folding case metric deltas failed; the next round retries");
            }
        }
    }

    /// <summary>Folds up to one batch of deltas; returns how many it folded.</summary>
    public async Task<int> FoldAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.Database.IsNpgsql() && !(await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLock}) AS \"Value\"").ToListAsync(ct)).Single())
            return 0; // another node is folding
        if (!await db.Set<CaseStat>().AnyAsync(ct) && await db.Set<Case>().AnyAsync(ct))
            return 0; // no totals yet: RebuildIfMissingAsync builds them from the cases first
        if (db.Database.IsNpgsql())
        {
            // One statement: under load (thousands of deltas a second) loading the deltas into the change tracker and
            // deleting them one statement each cost more than the intakes that wrote them.
            var folded = (await db.Database.SqlQuery<int>($"""
                WITH moved AS (
                    DELETE FROM case_stat_deltas WHERE "Id" IN (SELECT "Id" FROM case_stat_deltas ORDER BY "Id" LIMIT {Batch}) RETURNING *
                ), added AS (
                    INSERT INTO case_stats ("Community", "Department", "Category", "Month", "Total", "Closed", "OpenOverdue", "ClosedOnTime",
                        "Handled", "Reworked", "CheckInDue", "CheckInOnTime", "Rated", "RatingSum")
                    SELECT "Community", "Department", "Category", "Month", sum("Total")::int, sum("Closed")::int, sum("OpenOverdue")::int,
                        sum("ClosedOnTime")::int, sum("Handled")::int, sum("Reworked")::int, sum("CheckInDue")::int, sum("CheckInOnTime")::int,
                        sum("Rated")::int, sum("RatingSum")::bigint
                    FROM moved GROUP BY "Community", "Department", "Category", "Month"
                    ON CONFLICT ("Community", "Department", "Category", "Month") DO UPDATE SET
                        "Total" = case_stats."Total" + EXCLUDED."Total", "Closed" = case_stats."Closed" + EXCLUDED."Closed",
                        "OpenOverdue" = case_stats."OpenOverdue" + EXCLUDED."OpenOverdue", "ClosedOnTime" = case_stats."ClosedOnTime" + EXCLUDED."ClosedOnTime",
                        "Handled" = case_stats."Handled" + EXCLUDED."Handled", "Reworked" = case_stats."Reworked" + EXCLUDED."Reworked",
                        "CheckInDue" = case_stats."CheckInDue" + EXCLUDED."CheckInDue", "CheckInOnTime" = case_stats."CheckInOnTime" + EXCLUDED."CheckInOnTime",
                        "Rated" = case_stats."Rated" + EXCLUDED."Rated", "RatingSum" = case_stats."RatingSum" + EXCLUDED."RatingSum"
                )
                SELECT count(*)::int AS "Value" FROM moved
                """).ToListAsync(ct)).Single();
            await tx.CommitAsync(ct);
            return folded;
        }
        var deltas = await db.Set<CaseStatDelta>().OrderBy(d => d.Id).Take(Batch).ToListAsync(ct);
        if (deltas.Count == 0) return 0;
        var sums = new Dictionary<(string, string, string, string), CaseStatDelta>();
        foreach (var d in deltas)
        {
            if (!sums.TryGetValue(d.Key, out var s)) sums[d.Key] = s = new CaseStatDelta { Community = d.Community, Department = d.Department, Category = d.Category, Month = d.Month };
            s.Add(d);
        }
        var months = sums.Values.Select(s => s.Month).Distinct().ToList();
        var communities = sums.Values.Select(s => s.Community).Distinct().ToList();
        var totals = (await db.Set<CaseStat>().Where(t => months.Contains(t.Month) && communities.Contains(t.Community)).ToListAsync(ct))
            .ToDictionary(t => t.Key);
        foreach (var s in sums.Values.Where(s => !s.IsZero))
        {
            if (!totals.TryGetValue(s.Key, out var t))
                db.Add(t = new CaseStat { Community = s.Community, Department = s.Department, Category = s.Category, Month = s.Month });
            t.Add(s);
        }
        db.RemoveRange(deltas);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return deltas.Count;
    }

    /// <summary>
    /// Builds the totals from the cases when there are none (a database from before the rollup, or a fresh demo). In one
    /// repeatable-read transaction (one node at a time on PostgreSQL): the scan sees every change committed before it
    /// started, so the deltas it can see are dropped, and those committed later stay to be folded.
    /// </summary>
    public async Task RebuildIfMissingAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLock})", ct);
        else await db.Database.ExecuteSqlRawAsync("DELETE FROM case_stats WHERE 0", ct); // SQLite: take the write lock before reading
        if (await db.Set<CaseStat>().AnyAsync(ct) || !await db.Set<Case>().AnyAsync(ct)) return;
        var totals = new Dictionary<(string, string, string, string), CaseStat>();
        await foreach (var c in db.Set<Case>().AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            if (CaseStatsContribution.Of<CaseStat>(CaseStatsContribution.Of(c)) is not { } row) continue;
            if (totals.TryGetValue(row.Key, out var t)) t.Add(row);
            else totals[row.Key] = row;
        }
        await db.Set<CaseStatDelta>().ExecuteDeleteAsync(ct);
        db.AddRange(totals.Values);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Built {Count} case metric totals from the cases", totals.Count);
    }
}
