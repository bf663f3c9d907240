using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// Every step of the loop: <c>POST /api/cases/{id}/{action}</c> — accept, reject, dispatch (吹哨), return, reassign,
/// check-in (报到), handle, verify (核查), rework, evaluate, merge, request-postpone, approve-postpone. The transition table
/// decides what the state allows (409 otherwise); the caller's role and area decide who may (403/404 otherwise).
/// </summary>
public static class CaseActions
{
    public sealed record Request(
        [property: MaxLength(1000)] string? Note = null,
        [property: MaxLength(50)] string? Department = null,
        Whistle? Whistle = null,
        [property: Range(1, 5)] int? Rating = null,
        [property: RegularExpression(@"^\d{15}$")] string? GridCode = null,
        Guid? MainCaseId = null,
        [property: Range(1, 720)] double? Hours = null);

    static readonly Dictionary<string, CaseAction> Routes = Enum.GetValues<CaseAction>()
        .ToDictionary(a => Kebab(a.ToString()), a => a, StringComparer.OrdinalIgnoreCase);

    static string Kebab(string name) => string.Concat(name.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    public static void Map(RouteGroupBuilder cases)
    {
        foreach (var (route, action) in Routes)
            cases.MapPost("/{id:guid}/" + route, async Task<Results<Ok<CaseQueries.CaseDetail>, ProblemHttpResult>> (Guid id, Request? body, GongzhiDb db,
                    Caller caller, TimeProvider clock, ChangeBus bus, HttpContext http, CancellationToken ct) =>
                {
                    await ApplyAsync(db, caller, clock, bus, id, action, body ?? new Request(), ct);
                    return TypedResults.Ok((await CaseQueries.DetailAsync(db, caller, id, ct))!);
                })
                .WithName("Case" + action)
                .WithSummary(action + " a case");
    }

    /// <summary>May the caller take <paramref name="action"/> on this case (role, area, department, reporter)?</summary>
    public static bool MayAct(Caller caller, Case c, CaseAction action)
    {
        var permission = CaseWorkflow.PermissionFor(action);
        return permission switch
        {
            Permission.CasesHandle => caller.Can(permission, c.AreaCode) && caller.Department is { } d && d == c.Department,
            Permission.CasesReport => caller.IsAuthenticated && c.ReporterUserId == caller.UserId,
            _ => caller.Can(permission, c.AreaCode),
        };
    }

    public static async Task ApplyAsync(GongzhiDb db, Caller caller, TimeProvider clock, ChangeBus bus, Guid id, CaseAction action, Request body, CancellationToken ct)
    {
        var c = await db.Visible(caller).Include(x => x.Deadlines.Where(d => d.FiredAt == null && d.CancelledAt == null)).SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new DomainException("not_found", "No such case") { Status = StatusCodes.Status404NotFound };
        if (!MayAct(caller, c, action)) throw new DomainException("forbidden", "Not allowed") { Status = StatusCodes.Status403Forbidden };

        Case? main = null;
        if (action == CaseAction.Merge)
            main = body.MainCaseId is { } mainId ? await db.Visible(caller).SingleOrDefaultAsync(x => x.Id == mainId, ct) : null;
        if (action == CaseAction.Accept && c.InTriage && body.GridCode is { } grid
            && (!await AreaNames.IsGridAsync(db, grid, ct) || !caller.Can(Permission.CasesDispatch, grid)))
            throw new DomainException("case.triage.grid", "The grid does not exist or is outside your area");

        var actor = ReportCase.ActorOf(caller, CaseWorkflow.PermissionFor(action), c.AreaCode);
        c.Apply(action, actor, clock.GetUtcNow(), new Case.Input(body.Note, body.Department, body.Whistle, body.Rating, body.GridCode, main, body.Hours));
        await db.SaveChangesAsync(ct);
        bus.Publish(DeadlineSweeper.CasesChanged);
    }
}
