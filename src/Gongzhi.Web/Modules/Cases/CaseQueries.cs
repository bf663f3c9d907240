using System.Linq.Expressions;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>Who sees which case, and the list and detail views.</summary>
public static class CaseQueries
{
    public sealed record CaseItem(Guid Id, string Number, CaseState State, string CategoryName, string Department, Whistle Whistle, string AreaCode,
        string AreaName, bool InTriage, EscalationLevel Level, bool Warning, bool Overdue, Channel Channel, DateTimeOffset ReportedAt, string Description);
    public sealed record EventView(DateTimeOffset At, string ActorName, string Role, string Action, CaseState? From, CaseState To, string? Note);
    public sealed record DeadlineView(DeadlineKind Kind, EscalationLevel Level, DateTimeOffset WarnAt, DateTimeOffset DueAt);
    public sealed record CaseDetail(Guid Id, string Number, CaseState State, Channel Channel, string CategoryCode, string CategoryName, int ModelVersion,
        string Department, Whistle Whistle, string Description, string? Address, double? Lat, double? Lng, string AreaCode, string AreaName, bool InTriage,
        EscalationLevel Level, bool Warning, bool Overdue, string? ReporterName, string? ReporterPhone, int? Rating, string? RatingComment, Guid? MergedIntoId,
        double? PostponeRequestedHours, DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt, IReadOnlyList<EventView> Events,
        IReadOnlyList<DeadlineView> OpenDeadlines, IReadOnlyList<CaseAction> AllowedActions);
    public sealed record Filter(CaseState? State = null, string? Category = null, string? Area = null, string? Q = null, bool? Overdue = null, bool? Triage = null, bool Mine = false);

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapGet("/", async ([AsParameters] PageRequest page, CaseState? state, string? category, string? area, string? q, bool? overdue, bool? triage, bool? mine,
                GongzhiDb db, Caller caller, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(db, caller, new Filter(state, category, area, q, overdue, triage, mine ?? false), page, ct)))
            .WithSummary("Cases the caller may see, newest first; filter by state, category, area prefix, text, overdue, triage, or mine");
        cases.MapGet("/{id:guid}", async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await DetailAsync(db, caller, id, ct) is { } d ? TypedResults.Ok(d) : Problems.NotFound(http))
            .WithSummary("One case with its timeline, open deadlines and the actions the caller may take");
        cases.MapGet("/{id:guid}/duplicates", async Task<Results<Ok<List<CaseItem>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await DuplicatesAsync(db, caller, id, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound(http))
            .WithSummary("Open cases of the same category within 200 m reported in the 7 days before: merge candidates");
    }

    /// <summary>
    /// Cases in the caller's area (staff roles), the cases dispatched to the caller's department within its area
    /// (department staff), and the caller's own reports.
    /// </summary>
    public static IQueryable<Case> Visible(this GongzhiDb db, Caller caller)
    {
        if (!caller.IsAuthenticated) return db.Set<Case>().Where(_ => false);
        var uid = caller.UserId;
        return db.Set<Case>().Where(ScopePredicate(caller).Or(c => c.ReporterUserId == uid));
    }

    /// <summary>
    /// The cases the caller answers for: <see cref="Visible"/> without the caller's own reports elsewhere. What the
    /// metrics and the board count, so that a grid worker's report in another street does not appear in their figures;
    /// and a predicate on indexed columns only.
    /// </summary>
    public static IQueryable<Case> InScope(this GongzhiDb db, Caller caller) =>
        caller.IsAuthenticated ? db.Set<Case>().Where(ScopePredicate(caller)) : db.Set<Case>().Where(_ => false);

    static Expression<Func<Case, bool>> ScopePredicate(Caller caller) => ScopePredicate<Case>(caller, c => c.AreaCode, c => c.Department);

    /// <summary>
    /// The cases (or rows about cases: metric totals) the caller answers for: area scope of staff roles, OR department
    /// staff's area AND their department.
    /// </summary>
    internal static Expression<Func<T, bool>> ScopePredicate<T>(Caller caller, Expression<Func<T, string>> area, Expression<Func<T, string>> department)
    {
        var staff = AreaScope.Predicate(caller.ScopeFor(Permission.CasesRead, r => r != AppRole.DepartmentStaff), area);
        var deptScope = caller.ScopeFor(Permission.CasesRead, r => r == AppRole.DepartmentStaff);
        if (deptScope.Count == 0 || caller.Department is not { } dept) return staff;
        Expression<Func<string>> value = () => dept; // a closure, so the department becomes a query parameter
        var sameDepartment = Expression.Lambda<Func<T, bool>>(Expression.Equal(department.Body, value.Body), department.Parameters);
        return staff.Or(AreaScope.Predicate(deptScope, area).And(sameDepartment));
    }

    public static async Task<Page<CaseItem>> ListAsync(GongzhiDb db, Caller caller, Filter f, PageRequest page, CancellationToken ct)
    {
        var q = db.Visible(caller).AsNoTracking();
        if (f.State is { } s) q = q.Where(c => c.State == s);
        if (!string.IsNullOrWhiteSpace(f.Category)) q = q.Where(c => c.CategoryCode == f.Category);
        if (!string.IsNullOrWhiteSpace(f.Area)) q = q.Where(c => c.AreaCode.StartsWith(f.Area));
        if (!string.IsNullOrWhiteSpace(f.Q)) q = q.Where(c => c.Number.Contains(f.Q) || c.Description.Contains(f.Q));
        if (f.Overdue is { } o) q = q.Where(c => c.Overdue == o);
        if (f.Triage is { } t) q = q.Where(c => c.InTriage == t);
        if (f.Mine) q = q.Where(c => c.ReporterUserId == caller.UserId);
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var names = await AreaNames.PathNamesAsync(db, rows.Select(r => r.AreaCode), ct);
        return new([.. rows.Select(c => Item(c, names))], total, page.Page, page.PageSize);
    }

    static CaseItem Item(Case c, Dictionary<string, string> names) => new(c.Id, c.Number, c.State, c.CategoryName, c.Department, c.Whistle, c.AreaCode,
        names.GetValueOrDefault(c.AreaCode, c.AreaCode), c.InTriage, c.Level, c.Warning, c.Overdue, c.Channel, c.ReportedAt,
        c.Description.Length > 80 ? c.Description[..80] + "…" : c.Description);

    public static async Task<CaseDetail?> DetailAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var c = await db.Visible(caller).AsNoTracking().Include(x => x.Events).Include(x => x.Deadlines).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var names = await AreaNames.PathNamesAsync(db, [c.AreaCode], ct);
        var allowed = Enum.GetValues<CaseAction>().Where(a => CaseWorkflow.Allows(c.State, a) && CaseActions.MayAct(caller, c, a)).ToList();
        return new CaseDetail(c.Id, c.Number, c.State, c.Channel, c.CategoryCode, c.CategoryName, c.ModelVersion, c.Department, c.Whistle, c.Description,
            c.Address, c.Lat, c.Lng, c.AreaCode, names.GetValueOrDefault(c.AreaCode, c.AreaCode), c.InTriage, c.Level, c.Warning, c.Overdue, c.ReporterName,
            c.ReporterPhone is null ? null : Masking.Mask(c.ReporterPhone), c.Rating, c.RatingComment, c.MergedIntoId, c.PostponeRequestedHours, c.ReportedAt, c.ClosedAt,
            [.. c.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new EventView(e.At, e.ActorName, e.Role, e.Action, e.From, e.To, e.Note))],
            [.. c.Deadlines.Where(d => d.FiredAt == null && d.CancelledAt == null).OrderBy(d => d.DueAt).Select(d => new DeadlineView(d.Kind, d.Level, d.WarnAt, d.DueAt))],
            allowed);
    }

    public static async Task<List<CaseItem>?> DuplicatesAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var c = await db.Visible(caller).AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        if (c.Lat is not { } lat || c.Lng is not { } lng) return [];
        var since = c.ReportedAt.AddDays(-7);
        // 200 m is about 0.0018° of latitude; longitude degrees shrink with cos(latitude).
        double dLat = 0.0018, dLng = 0.0018 / Math.Cos(lat * Math.PI / 180);
        var open = new[] { CaseState.Reported, CaseState.Registered, CaseState.Dispatched, CaseState.CheckedIn, CaseState.Handled };
        var rows = await db.Visible(caller).AsNoTracking()
            .Where(x => x.Id != id && x.CategoryCode == c.CategoryCode && open.Contains(x.State) && x.ReportedAt >= since && x.ReportedAt <= c.ReportedAt.AddDays(7)
                && x.Lat >= lat - dLat && x.Lat <= lat + dLat && x.Lng >= lng - dLng && x.Lng <= lng + dLng)
            .OrderBy(x => x.ReportedAt).Take(20).ToListAsync(ct);
        var names = await AreaNames.PathNamesAsync(db, rows.Select(r => r.AreaCode), ct);
        return [.. rows.Select(r => Item(r, names))];
    }
}
