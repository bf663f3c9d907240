using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;
using MiniExcelLibs;

namespace Gongzhi.Web.Modules.Cases;

public enum MetricGroup { Street, Community, Grid, Department, Category }

/// <summary>
/// CS-6 metrics over the cases the caller may see, reported in a CST date range, grouped by street, community, grid,
/// department or category. The database counts (one GROUP BY scan over flags kept on the case row, see
/// <see cref="Case.WasHandled"/>); the formulas are pure functions of those counts (<see cref="FromCounts"/>), tested on
/// hand-made data through <see cref="Compute"/>:
/// 结案率 = closed / (closed + open and overdue); 按期结案率 = closed and never overdue / (closed + open and overdue);
/// 返工率 = cases sent back at least once / cases ever handled; 报到及时率 = check-ins before their deadline / cases that
/// checked in or went overdue waiting for check-in; 满意度 = the mean rating. Rejected and merged cases do not count.
/// </summary>
public static class CaseMetrics
{
    /// <summary>What the formulas need to know about one case.</summary>
    public sealed record Facts(string Group, CaseState State, bool Overdue, int? Rating, bool Handled, bool Reworked, bool CheckedIn, bool CheckInLate);

    /// <summary>The counts of one group, as the database returns them.</summary>
    public sealed record Counts(string Key, int Total, int Closed, int OpenOverdue, int ClosedOnTime, int Handled, int Reworked,
        int CheckInDue, int CheckInOnTime, int Rated, long RatingSum)
    {
        public static Counts operator +(Counts a, Counts b) => new(a.Key, a.Total + b.Total, a.Closed + b.Closed, a.OpenOverdue + b.OpenOverdue,
            a.ClosedOnTime + b.ClosedOnTime, a.Handled + b.Handled, a.Reworked + b.Reworked, a.CheckInDue + b.CheckInDue,
            a.CheckInOnTime + b.CheckInOnTime, a.Rated + b.Rated, a.RatingSum + b.RatingSum);

        public static Counts Zero(string key) => new(key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    public sealed record Row(string Key, string Name, int Total, int Closed, int OpenOverdue, int ClosedOnTime, double? ClosureRate, double? OnTimeRate,
        int Handled, int Reworked, double? ReworkRate, int CheckInDue, int CheckInOnTime, double? CheckInRate, int Rated, double? Satisfaction);

    public sealed record Report(MetricGroup By, DateOnly? From, DateOnly? To, Row Total, IReadOnlyList<Row> Rows);

    static bool IsClosed(CaseState s) => s is CaseState.Closed or CaseState.Evaluated;

    static double? Ratio(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    /// <summary>The metrics of hand-made facts: counts them as the database does, then applies <see cref="FromCounts"/>.</summary>
    public static Row Compute(string key, string name, IReadOnlyCollection<Facts> cases)
    {
        var counted = cases.Where(c => c.State is not (CaseState.Rejected or CaseState.Merged)).ToList();
        var rated = counted.Where(c => c.Rating is not null).ToList();
        return FromCounts(new Counts(key, counted.Count,
            counted.Count(c => IsClosed(c.State)),
            counted.Count(c => !IsClosed(c.State) && c.Overdue),
            counted.Count(c => IsClosed(c.State) && !c.Overdue),
            counted.Count(c => c.Handled),
            counted.Count(c => c.Reworked),
            counted.Count(c => c.CheckedIn || c.CheckInLate),
            counted.Count(c => c.CheckedIn && !c.CheckInLate),
            rated.Count, rated.Sum(c => (long)c.Rating!.Value)), name);
    }

    public static Row FromCounts(Counts c, string name) =>
        new(c.Key, name, c.Total, c.Closed, c.OpenOverdue, c.ClosedOnTime, Ratio(c.Closed, c.Closed + c.OpenOverdue), Ratio(c.ClosedOnTime, c.Closed + c.OpenOverdue),
            c.Handled, c.Reworked, Ratio(c.Reworked, c.Handled), c.CheckInDue, c.CheckInOnTime, Ratio(c.CheckInOnTime, c.CheckInDue),
            c.Rated, c.Rated == 0 ? null : Math.Round((double)c.RatingSum / c.Rated, 2));

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapGet("/metrics", async (MetricGroup? by, DateOnly? from, DateOnly? to, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ReportAsync(db, caller, by ?? MetricGroup.Street, from, to, ct)))
            .RequirePermission(Permission.CasesRead)
            .WithSummary("Closure, on-time, rework, check-in timeliness and satisfaction, by street/community/grid/department/category");
        cases.MapGet("/metrics.xlsx", async (MetricGroup? by, DateOnly? from, DateOnly? to, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.File(Workbook(await ReportAsync(db, caller, by ?? MetricGroup.Street, from, to, ct)),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"case-metrics-{(by ?? MetricGroup.Street).ToString().ToLowerInvariant()}.xlsx"))
            .RequirePermission(Permission.CasesRead)
            .WithSummary("The same metrics as an Excel workbook");
    }

    static Expression<Func<Case, string>> KeyOf(MetricGroup by) => by switch
    {
        MetricGroup.Street => c => c.AreaCode.Substring(0, 9),
        MetricGroup.Community => c => c.AreaCode.Substring(0, 12),
        MetricGroup.Grid => c => c.AreaCode,
        MetricGroup.Department => c => c.Department,
        MetricGroup.Category => c => c.CategoryCode,
        _ => throw new ArgumentOutOfRangeException(nameof(by)),
    };

    public static Task<Report> ReportAsync(GongzhiDb db, Caller caller, MetricGroup by, DateOnly? from, DateOnly? to, CancellationToken ct) =>
        ReportAsync(db, caller, by, from, to, useTotals: true, ct);

    /// <summary>
    /// Whole months by street, community, department or category, for callers whose scope is a community or wider, are
    /// read from the monthly totals (<see cref="CaseStat"/> plus the deltas not yet folded): tens of thousands of rows
    /// instead of every case. Anything else (grids, day ranges, grid-level callers) counts the cases themselves.
    /// </summary>
    public static async Task<Report> ReportAsync(GongzhiDb db, Caller caller, MetricGroup by, DateOnly? from, DateOnly? to, bool useTotals, CancellationToken ct)
    {
        if (from is { Year: < 2000 or > 2100 } || to is { Year: < 2000 or > 2100 })
            throw new DomainException("metrics.range", "Dates run from 2000 to 2100") { Status = 400 };
        List<Counts> counts;
        if (useTotals && TotalsAnswer(caller, by, from, to))
        {
            // Totals and pending deltas from one snapshot, so a fold committing in between cannot hide or repeat a delta.
            // (PostgreSQL; a SQLite transaction would take the single write lock for a read, and there the app is one node.)
            await using var tx = db.Database.IsNpgsql() && db.Database.CurrentTransaction is null
                ? await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct) : null;
            counts = await db.Set<CaseStat>().AnyAsync(ct)
                ? await FromTotalsAsync(db, caller, by, from, to, ct)
                : await FromCasesAsync(db, caller, by, from, to, ct); // totals not built yet (first start after an upgrade)
        }
        else counts = await FromCasesAsync(db, caller, by, from, to, ct);
        return await NameAsync(db, by, from, to, counts, ct);
    }

    static bool TotalsAnswer(Caller caller, MetricGroup by, DateOnly? from, DateOnly? to) =>
        by is not MetricGroup.Grid
        && (from is null || from.Value.Day == 1)
        && (to is null || to.Value.AddDays(1).Day == 1)
        && caller.ScopeFor(Permission.CasesRead).All(p => p.Length <= 12);

    static async Task<List<Counts>> FromTotalsAsync(GongzhiDb db, Caller caller, MetricGroup by, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var fromMonth = from is { } f ? f.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) : null;
        var toMonth = to is { } t ? t.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) : null;
        var folded = await SumAsync(db.Set<CaseStat>(), caller, by, fromMonth, toMonth, ct);
        var pending = await SumAsync(db.Set<CaseStatDelta>(), caller, by, fromMonth, toMonth, ct);
        return [.. folded.Concat(pending).GroupBy(c => c.Key).Select(g => g.Aggregate((a, b) => a + b)).Where(c => c.Total != 0 || c.Rated != 0)];
    }

    static async Task<List<Counts>> SumAsync<T>(IQueryable<T> rows, Caller caller, MetricGroup by, string? fromMonth, string? toMonth, CancellationToken ct)
        where T : CaseBucket
    {
        var q = rows.AsNoTracking().Where(CaseQueries.ScopePredicate<T>(caller, x => x.Community, x => x.Department));
        if (fromMonth is not null) q = q.Where(x => string.Compare(x.Month, fromMonth) >= 0);
        if (toMonth is not null) q = q.Where(x => string.Compare(x.Month, toMonth) <= 0);
        Expression<Func<T, string>> key = by switch
        {
            MetricGroup.Street => x => x.Community.Substring(0, 9),
            MetricGroup.Community => x => x.Community,
            MetricGroup.Department => x => x.Department,
            MetricGroup.Category => x => x.Category,
            _ => throw new ArgumentOutOfRangeException(nameof(by)),
        };
        return await q.GroupBy(key).Select(g => new Counts(g.Key, g.Sum(x => x.Total), g.Sum(x => x.Closed), g.Sum(x => x.OpenOverdue),
            g.Sum(x => x.ClosedOnTime), g.Sum(x => x.Handled), g.Sum(x => x.Reworked), g.Sum(x => x.CheckInDue), g.Sum(x => x.CheckInOnTime),
            g.Sum(x => x.Rated), g.Sum(x => x.RatingSum))).ToListAsync(ct);
    }

    static async Task<List<Counts>> FromCasesAsync(GongzhiDb db, Caller caller, MetricGroup by, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var q = db.InScope(caller).AsNoTracking().Where(c => !c.InTriage && c.State != CaseState.Rejected && c.State != CaseState.Merged);
        if (from is { } f) { var t = Cst.StartOfCstDay(f); q = q.Where(c => c.ReportedAt >= t); }
        if (to is { } e) { var t = Cst.StartOfCstDay(e.AddDays(1)); q = q.Where(c => c.ReportedAt < t); }
        return await q.GroupBy(KeyOf(by)).Select(g => new Counts(g.Key,
            g.Count(),
            g.Count(c => c.State == CaseState.Closed || c.State == CaseState.Evaluated),
            g.Count(c => c.State != CaseState.Closed && c.State != CaseState.Evaluated && c.Overdue),
            g.Count(c => (c.State == CaseState.Closed || c.State == CaseState.Evaluated) && !c.Overdue),
            g.Count(c => c.WasHandled),
            g.Count(c => c.WasReworked),
            g.Count(c => c.WasCheckedIn || c.CheckInLate),
            g.Count(c => c.WasCheckedIn && !c.CheckInLate),
            g.Count(c => c.Rating != null),
            g.Sum(c => (long)(c.Rating ?? 0)))).ToListAsync(ct);
    }

    static async Task<Report> NameAsync(GongzhiDb db, MetricGroup by, DateOnly? from, DateOnly? to, List<Counts> counts, CancellationToken ct)
    {
        var keys = counts.Select(c => c.Key).ToList();
        Dictionary<string, string> names = by switch
        {
            MetricGroup.Department => keys.ToDictionary(x => x, x => x),
            MetricGroup.Category => await db.Set<DisposalModel>().AsNoTracking().Where(m => m.IsCurrent && keys.Contains(m.Code))
                .ToDictionaryAsync(m => m.Code, m => m.Name, ct),
            _ => (await AreaNames.GetAsync(db, keys, ct)).ToDictionary(kv => kv.Key, kv => Gongzhi.Web.Modules.Areas.AreaCode.ShortName(kv.Value)),
        };
        var groups = counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => FromCounts(c, names.GetValueOrDefault(c.Key, c.Key))).ToList();
        var total = counts.Aggregate(Counts.Zero(""), (a, b) => a + b);
        return new Report(by, from, to, FromCounts(total, "合计"), groups);
    }

    public static byte[] Workbook(Report report)
    {
        static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.0") + "%" : "";
        var rows = report.Rows.Append(report.Total).Select(r => new Dictionary<string, object>
        {
            ["代码"] = r.Key, ["名称"] = r.Name, ["案件数"] = r.Total, ["已结案"] = r.Closed, ["超期未结"] = r.OpenOverdue, ["结案率"] = Pct(r.ClosureRate),
            ["按期结案率"] = Pct(r.OnTimeRate), ["返工率"] = Pct(r.ReworkRate), ["报到及时率"] = Pct(r.CheckInRate), ["满意度"] = r.Satisfaction?.ToString("0.00") ?? "",
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: "案件指标");
        return stream.ToArray();
    }
}
