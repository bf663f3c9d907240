using System.Security.Claims;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>
/// Who is calling and where they may act. API requests take it from <see cref="CallerCache"/> (loaded from the
/// database, kept until a user or an assignment changes); a Blazor page loads it once. Endpoints take it as a
/// parameter (see <see cref="BindAsync"/>).
/// </summary>
public sealed record Caller(string UserId, string UserName, IReadOnlyList<(AppRole Role, string AreaCode)> Assignments, string? Department = null)
{
    public static readonly Caller Anonymous = new("", "", []);

    public bool IsAuthenticated => UserId.Length > 0;

    /// <summary>The code prefixes in which the caller holds <paramref name="permission"/>.</summary>
    public IReadOnlyList<string> ScopeFor(Permission permission) =>
        Normalise(Assignments.Where(a => a.Role.Grants(permission)).Select(a => a.AreaCode));

    public bool Can(Permission permission, string areaCode) =>
        Assignments.Any(a => a.Role.Grants(permission) && areaCode.StartsWith(a.AreaCode, StringComparison.Ordinal));

    public bool CanAnywhere(Permission permission) => Assignments.Any(a => a.Role.Grants(permission));

    public bool Has(AppRole role) => Assignments.Any(a => a.Role == role);

    /// <summary>The prefixes in which the caller holds <paramref name="permission"/> through the given roles only.</summary>
    public IReadOnlyList<string> ScopeFor(Permission permission, Func<AppRole, bool> roles) =>
        Normalise(Assignments.Where(a => roles(a.Role) && a.Role.Grants(permission)).Select(a => a.AreaCode));

    /// <summary>The role through which the caller holds <paramref name="permission"/> on <paramref name="areaCode"/>.</summary>
    public AppRole? RoleFor(Permission permission, string areaCode) =>
        Assignments.Where(a => a.Role.Grants(permission) && areaCode.StartsWith(a.AreaCode, StringComparison.Ordinal))
            .OrderByDescending(a => a.AreaCode.Length).Select(a => (AppRole?)a.Role).FirstOrDefault();

    /// <summary>Drops prefixes covered by a shorter one, so filters stay small.</summary>
    static string[] Normalise(IEnumerable<string> prefixes)
    {
        var sorted = prefixes.Distinct().OrderBy(p => p.Length).ToList();
        var kept = new List<string>();
        foreach (var p in sorted)
            if (!kept.Any(k => p.StartsWith(k, StringComparison.Ordinal))) kept.Add(p);
        return [.. kept];
    }

    public static async Task<Caller> LoadAsync(ClaimsPrincipal principal, GongzhiDb db, CancellationToken ct = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return Anonymous;
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && !u.Disabled)
            .Select(u => new { u.Id, u.UserName, u.Department }).SingleOrDefaultAsync(ct);
        if (user is null) return Anonymous;
        var assignments = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == userId)
            .Select(a => new { a.Role, a.AreaCode }).ToListAsync(ct);
        return new Caller(user.Id, user.UserName ?? "", [.. assignments.Select(a => (a.Role, a.AreaCode))], user.Department);
    }

    /// <summary>Minimal-API binding: an endpoint parameter of type <see cref="Caller"/> is the signed-in caller.</summary>
    public static async ValueTask<Caller?> BindAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(Caller), out var cached) && cached is Caller c) return c;
        var services = context.RequestServices;
        var caller = await services.GetRequiredService<CallerCache>().GetAsync(context.User, services, context.RequestAborted);
        context.Items[typeof(Caller)] = caller;
        return caller;
    }
}

/// <summary>
/// The callers of recent requests by user id, so a request does not read the user and their assignments again
/// (architecture decision 25). Any change to a user or an assignment made through EF Core publishes
/// <see cref="Changed"/> after its commit (<see cref="Realtime.ChangeTopicInterceptor"/>), which empties the cache here at
/// once and on the other nodes through LISTEN/NOTIFY; an entry also expires after <see cref="MaxAge"/>, the most a
/// node can lag if a notice is lost.
/// </summary>
public sealed class CallerCache(Realtime.ChangeBus bus, TimeProvider clock)
{
    public const string Changed = "auth.access";
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    readonly Realtime.Cached<string, Caller> _callers = new(bus, clock, Changed, MaxAge, comparer: StringComparer.Ordinal);

    /// <param name="services">The request's services: its <see cref="GongzhiDb"/> is resolved only to load a caller not in the cache (building a context and its options was a tenth of an intake's CPU).</param>
    public async ValueTask<Caller> GetAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken ct)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return Caller.Anonymous;
        return await _callers.GetAsync(userId, (principal, services), static (s, ct) => Caller.LoadAsync(s.principal, s.services.GetRequiredService<GongzhiDb>(), ct), ct);
    }
}
