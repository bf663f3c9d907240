using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Gongzhi.Web.Modules.Cases;

public enum MetricGroup { Street, Community, Grid, Department, Category }

/// <summary>
/// CS-6 metrics over the cases the caller may see, reported in a CST date range, grouped by street, community, grid,
/// department or category. The formulas are pure functions of per-case facts (<see cref="Compute"/>), tested on
/// hand-made data:
/// 结案率 = closed / (closed + open and overdue); 按期结案率 = closed and never overdue / (closed + open and overdue);
/// 返工率 = cases sent back at least once / cases ever handled; 报到及时率 = check-ins before their deadline / cases that
/// checked in or went overdue waiting for check-in; 满意度 = the mean rating.
/// </summary>
public static class CaseMetrics
{
    /// <summary>What the formulas need to know about one case.</summary>
    public sealed record Facts(string Group, CaseState State, bool Overdue, int? Rating, bool Handled, bool Reworked, bool CheckedIn, bool CheckInLate);

    public sealed record Row(string Key, string Name, int Total, int Closed, int OpenOverdue, int ClosedOnTime, double? ClosureRate, double? OnTimeRate,
        int Handled, int Reworked, double? ReworkRate, int CheckInDue, int CheckInOnTime, double? CheckInRate, int Rated, double? Satisfaction);

    public sealed record Report(MetricGroup By, DateOnly? From, DateOnly? To, Row Total, IReadOnlyList<Row> Rows);

    static bool IsClosed(CaseState s) => s is CaseState.Closed or CaseState.Evaluated;

    static double? Ratio(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    public static Row Compute(string key, string name, IReadOnlyCollection<Facts> cases)
    {
        var counted = cases.Where(c => c.State is not (CaseState.Rejected or CaseState.Merged)).ToList();
        var closed = counted.Count(c => IsClosed(c.State));
        var openOverdue = counted.Count(c => !IsClosed(c.State) && c.Overdue);
        var onTime = counted.Count(c => IsClosed(c.State) && !c.Overdue);
        var handled = counted.Count(c => c.Handled);
        var reworked = counted.Count(c => c.Reworked);
        var checkInDue = counted.Count(c => c.CheckedIn || c.CheckInLate);
        var checkInOnTime = counted.Count(c => c.CheckedIn && !c.CheckInLate);
        var ratings = counted.Where(c => c.Rating is not null).Select(c => c.Rating!.Value).ToList();
        return new Row(key, name, counted.Count, closed, openOverdue, onTime, Ratio(closed, closed + openOverdue), Ratio(onTime, closed + openOverdue),
            handled, reworked, Ratio(reworked, handled), checkInDue, checkInOnTime, Ratio(checkInOnTime, checkInDue),
            ratings.Count, ratings.Count == 0 ? null : Math.Round(ratings.Average(), 2));
    }

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

    public static async Task<Report> ReportAsync(GongzhiDb db, Caller caller, MetricGroup by, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var q = db.Visible(caller).AsNoTracking().Where(c => !c.InTriage);
        if (from is { } f) { var t = Cst.StartOfCstDay(f); q = q.Where(c => c.ReportedAt >= t); }
        if (to is { } e) { var t = Cst.StartOfCstDay(e.AddDays(1)); q = q.Where(c => c.ReportedAt < t); }
        var events = db.Set<CaseEvent>();
        var rows = await q.Select(c => new
        {
            c.AreaCode, c.Department, c.CategoryCode, c.CategoryName, c.State, c.Overdue, c.Rating,
            Handled = events.Any(x => x.CaseId == c.Id && x.Action == "Handle"),
            Reworked = events.Any(x => x.CaseId == c.Id && x.Action == "Rework"),
            CheckedIn = events.Any(x => x.CaseId == c.Id && x.Action == "CheckIn"),
            CheckInLate = events.Any(x => x.CaseId == c.Id && x.Action == "Escalate" && x.Note!.StartsWith("CheckIn")),
        }).ToListAsync(ct);

        string Key(string area, string dept, string category) => by switch
        {
            MetricGroup.Street => area[..Math.Min(9, area.Length)],
            MetricGroup.Community => area[..Math.Min(12, area.Length)],
            MetricGroup.Grid => area,
            MetricGroup.Department => dept,
            _ => category,
        };
        var facts = rows.Select(r => new Facts(Key(r.AreaCode, r.Department, r.CategoryCode), r.State, r.Overdue, r.Rating, r.Handled, r.Reworked, r.CheckedIn, r.CheckInLate)).ToList();
        Dictionary<string, string> names = by switch
        {
            MetricGroup.Department => facts.Select(x => x.Group).Distinct().ToDictionary(x => x, x => x),
            MetricGroup.Category => rows.GroupBy(r => r.CategoryCode).ToDictionary(g => g.Key, g => g.First().CategoryName),
            _ => (await AreaNames.GetAsync(db, facts.Select(x => x.Group), ct)).ToDictionary(kv => kv.Key, kv => Gongzhi.Web.Modules.Areas.AreaCode.ShortName(kv.Value)),
        };
        var groups = facts.GroupBy(x => x.Group).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Compute(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.ToList())).ToList();
        return new Report(by, from, to, Compute("", "合计", facts), groups);
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
