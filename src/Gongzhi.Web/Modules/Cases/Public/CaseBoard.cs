using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases.Public;

/// <summary>What a live board shows of the cases in an area: counters, open and overdue cases per grid, the latest cases and whistles.</summary>
public static class CaseBoard
{
    /// <summary>Topic published after every case change, on every node.</summary>
    public const string Changed = DeadlineSweeper.CasesChanged;

    public sealed record GridLoad(string GridCode, int Open, int Overdue);
    public sealed record Latest(Guid Id, string Number, string CategoryName, string State, string Whistle, bool Overdue, string AreaCode, DateTimeOffset ReportedAt);
    public sealed record Signal(Guid CaseId, string Number, string Action, string Note, DateTimeOffset At);
    public sealed record Snapshot(string Area, int ReportedToday, int Open, int Overdue, int Warning, int ClosedToday,
        IReadOnlyList<GridLoad> Grids, IReadOnlyList<Latest> LatestCases, IReadOnlyList<Signal> Signals);

    public static async Task<Snapshot> SnapshotAsync(GongzhiDb db, Caller caller, string area, TimeProvider clock, CancellationToken ct)
    {
        var cases = db.InScope(caller).AsNoTracking().Where(c => c.AreaCode.StartsWith(area));
        var today = Cst.StartOfCstDay(DateOnly.FromDateTime(clock.GetUtcNow().ToCst().DateTime));
        var open = new[] { CaseState.Reported, CaseState.Registered, CaseState.Dispatched, CaseState.CheckedIn, CaseState.Handled };
        var reportedToday = await cases.CountAsync(c => c.ReportedAt >= today, ct);
        var closedToday = await cases.CountAsync(c => c.ClosedAt >= today, ct);
        // One pass over the open cases, answered from the (State, AreaCode, Overdue, Warning) index alone.
        var perGridRows = await cases.Where(c => open.Contains(c.State)).GroupBy(c => c.AreaCode)
            .Select(g => new { g.Key, Open = g.Count(), Overdue = g.Count(c => c.Overdue), Warning = g.Count(c => c.Warning && !c.Overdue) }).ToListAsync(ct);
        var perGrid = perGridRows.Select(g => new GridLoad(g.Key, g.Open, g.Overdue)).ToList();
        var warning = perGridRows.Sum(g => g.Warning);
        var latest = await cases.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Take(10)
            .Select(c => new { c.Id, c.Number, c.CategoryName, c.State, c.Whistle, c.Overdue, c.AreaCode, c.ReportedAt }).ToListAsync(ct);
        var signals = await db.Set<CaseEvent>().AsNoTracking()
            .Where(e => (e.Action == "Dispatch" || e.Action == "Escalate") && cases.Any(c => c.Id == e.CaseId))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(10)
            .Join(db.Set<Case>(), e => e.CaseId, c => c.Id, (e, c) => new Signal(c.Id, c.Number, e.Action, e.Note ?? "", e.At)).ToListAsync(ct);
        return new Snapshot(area, reportedToday, perGrid.Sum(g => g.Open), perGrid.Sum(g => g.Overdue), warning, closedToday, perGrid,
            [.. latest.Select(c => new Latest(c.Id, c.Number, c.CategoryName, c.State.ToString(), c.Whistle.ToString(), c.Overdue, c.AreaCode, c.ReportedAt))],
            signals);
    }
}
