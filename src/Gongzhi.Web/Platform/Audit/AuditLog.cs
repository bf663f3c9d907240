using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Platform.Audit;

/// <summary>
/// The audit log for district admins: filter by user, area, entity type and CST date range. Rows of an area are seen
/// within the caller's scope; rows that belong to no area (accounts) are seen by every holder of the permission.
/// </summary>
public static class AuditLog
{
    public sealed record AuditView(Guid Id, DateTimeOffset At, string? UserName, AuditAction Action, string EntityType, string EntityId,
        string AreaCode, string? Before, string? After, string? Reason);

    public sealed record Filter(string? User = null, string? Area = null, string? Type = null, DateOnly? From = null, DateOnly? To = null);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/", async ([AsParameters] PageRequest page, string? user, string? area, string? type, DateOnly? from, DateOnly? to,
                GongzhiDb db, Caller caller, CancellationToken ct) =>
            TypedResults.Ok(await QueryAsync(db, caller, new Filter(user, area, type, from, to), page, ct)))
            .RequirePermission(Permission.AuditRead)
            .WithSummary("Audit log entries, newest first (from/to are China Standard Time dates)");

    public static async Task<Page<AuditView>> QueryAsync(GongzhiDb db, Caller caller, Filter f, PageRequest page, CancellationToken ct)
    {
        var scope = caller.ScopeFor(Permission.AuditRead);
        var all = db.AuditEntries.AsNoTracking();
        var q = scope.Count == 0
            ? all.Where(_ => false)
            : all.InScope(scope, e => e.AreaCode).Concat(all.Where(e => e.AreaCode == ""));
        if (!string.IsNullOrWhiteSpace(f.User)) q = q.Where(e => e.UserName != null && e.UserName.Contains(f.User.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Area)) q = q.Where(e => e.AreaCode.StartsWith(f.Area.Trim()));
        if (!string.IsNullOrWhiteSpace(f.Type)) q = q.Where(e => e.EntityType == f.Type.Trim());
        if (f.From is { } from) { var t = Time.Cst.StartOfCstDay(from); q = q.Where(e => e.At >= t); }
        if (f.To is { } to) { var t = Time.Cst.StartOfCstDay(to.AddDays(1)); q = q.Where(e => e.At < t); }
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(e => new AuditView(e.Id, e.At, e.UserName, e.Action, e.EntityType, e.EntityId, e.AreaCode, e.Before, e.After, e.Reason))
            .ToListAsync(ct);
        return new(items, total, page.Page, page.PageSize);
    }

    public static async Task<List<string>> TypesAsync(GongzhiDb db, CancellationToken ct) =>
        await db.AuditEntries.AsNoTracking().Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
}
