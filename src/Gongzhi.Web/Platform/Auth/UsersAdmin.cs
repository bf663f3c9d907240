using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>
/// Accounts and their (role, area) assignments, and API tokens for systems. A district admin sees the users that have
/// no assignment or one inside their own scope, and can grant only inside it.
/// </summary>
public static class UsersAdmin
{
    public sealed record AssignmentView(Guid Id, AppRole Role, string AreaCode);
    public sealed record UserView(string Id, string Email, string DisplayName, bool Disabled, DateTimeOffset CreatedAt, IReadOnlyList<AssignmentView> Assignments);
    public sealed record CreateUser(
        [property: Required, EmailAddress, MaxLength(256)] string Email,
        [property: Required, MaxLength(100)] string DisplayName,
        [property: Required, MinLength(8), MaxLength(128)] string Password);
    public sealed record Assign([property: Required] AppRole Role, [property: Required, RegularExpression(@"^\d{2,18}$"), MaxLength(18)] string AreaCode);
    public sealed record CreateToken([property: Required, MaxLength(100)] string Name);
    public sealed record TokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
    public sealed record NewToken(Guid Id, string Name, string Token);

    static readonly int[] ScopeLengths = [2, 4, 6, 9, 12, 15, 18];

    public static void Map(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequirePermission(Permission.UsersManage);
        users.MapGet("/", async ([AsParameters] PageRequest page, string? search, GongzhiDb db, Caller caller, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(db, caller, search, page, ct))).WithSummary("Users visible to the caller");
        users.MapGet("/{id}", async Task<Results<Ok<UserView>, ProblemHttpResult>> (string id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await GetAsync(db, caller, id, ct) is { } u ? TypedResults.Ok(u) : Problems.NotFound(http));
        users.MapPost("/", async (CreateUser body, GongzhiDb db, UserManager<User> manager, TimeProvider clock, Caller caller, CancellationToken ct) =>
        {
            var user = await CreateAsync(manager, clock, body, ct);
            return TypedResults.Created($"/api/admin/users/{user.Id}", await GetAsync(db, caller, user.Id, ct));
        });
        users.MapPost("/{id}/assignments", async Task<Results<Ok<UserView>, ProblemHttpResult>> (string id, Assign body, GongzhiDb db, Caller caller, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if (await GetAsync(db, caller, id, ct) is null) return Problems.NotFound(http);
            if (!caller.Can(Permission.UsersManage, body.AreaCode)) return Problems.Forbidden(http);
            await AssignAsync(db, clock, id, body, ct);
            return TypedResults.Ok((await GetAsync(db, caller, id, ct))!);
        });
        users.MapDelete("/{id}/assignments/{assignmentId:guid}", async Task<Results<Ok<UserView>, ProblemHttpResult>> (string id, Guid assignmentId, GongzhiDb db, Caller caller, CancellationToken ct) =>
        {
            await UnassignAsync(db, caller, id, assignmentId, ct);
            return TypedResults.Ok((await GetAsync(db, caller, id, ct))!);
        });
        users.MapPost("/{id}/disabled", async Task<Results<Ok<UserView>, ProblemHttpResult>> (string id, bool disabled, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
        {
            if (await GetAsync(db, caller, id, ct) is null) return Problems.NotFound(http);
            await SetDisabledAsync(db, caller, id, disabled, ct);
            return TypedResults.Ok((await GetAsync(db, caller, id, ct))!);
        }).WithSummary("Disable or enable an account (?disabled=true|false)");
        users.MapGet("/{id}/tokens", async Task<Results<Ok<List<TokenView>>, ProblemHttpResult>> (string id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await GetAsync(db, caller, id, ct) is null ? Problems.NotFound(http) : TypedResults.Ok(await TokensAsync(db, id, ct)));
        users.MapPost("/{id}/tokens", async Task<Results<Ok<NewToken>, ProblemHttpResult>> (string id, CreateToken body, GongzhiDb db, Caller caller, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            await GetAsync(db, caller, id, ct) is null ? Problems.NotFound(http) : TypedResults.Ok(await IssueTokenAsync(db, clock, id, body.Name, ct)))
            .WithSummary("Issue an API token for a system account; the token is shown only in this response");
        users.MapDelete("/{id}/tokens/{tokenId:guid}", async Task<Results<NoContent, ProblemHttpResult>> (string id, Guid tokenId, GongzhiDb db, Caller caller, TimeProvider clock, CancellationToken ct) =>
        {
            await RevokeTokenAsync(db, caller, clock, id, tokenId, ct);
            return TypedResults.NoContent();
        });
    }

    static IQueryable<User> Visible(GongzhiDb db, Caller caller)
    {
        var scope = caller.ScopeFor(Permission.UsersManage);
        var inScope = db.RoleAssignments.InScope(scope, a => a.AreaCode).Select(a => a.UserId);
        return db.Users.Where(u => !db.RoleAssignments.Any(a => a.UserId == u.Id) || inScope.Contains(u.Id));
    }

    public static async Task<Page<UserView>> ListAsync(GongzhiDb db, Caller caller, string? search, PageRequest page, CancellationToken ct)
    {
        var q = Visible(db, caller);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            q = q.Where(u => u.Email!.Contains(s) || u.DisplayName.Contains(s));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(u => u.Email).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var assignments = (await db.RoleAssignments.AsNoTracking().Where(a => ids.Contains(a.UserId)).ToListAsync(ct))
            .ToLookup(a => a.UserId);
        return new([.. rows.Select(u => View(u, assignments[u.Id]))], total, page.Page, page.PageSize);
    }

    public static async Task<UserView?> GetAsync(GongzhiDb db, Caller caller, string id, CancellationToken ct)
    {
        var user = await Visible(db, caller).AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return null;
        var assignments = await db.RoleAssignments.AsNoTracking().Where(a => a.UserId == id).ToListAsync(ct);
        return View(user, assignments);
    }

    static UserView View(User u, IEnumerable<RoleAssignment> a) =>
        new(u.Id, u.Email ?? "", u.DisplayName, u.Disabled, u.CreatedAt,
            [.. a.OrderBy(x => x.AreaCode).ThenBy(x => x.Role).Select(x => new AssignmentView(x.Id, x.Role, x.AreaCode))]);

    public static async Task<User> CreateAsync(UserManager<User> manager, TimeProvider clock, CreateUser body, CancellationToken ct)
    {
        var email = body.Email.Trim();
        if (await manager.FindByEmailAsync(email) is not null) throw DomainException.Conflict("user.exists", "A user with this email exists", email);
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = body.DisplayName.Trim(), CreatedAt = clock.GetUtcNow() };
        var result = await manager.CreateAsync(user, body.Password);
        if (!result.Succeeded) throw new DomainException("user.invalid", string.Join(" ", result.Errors.Select(e => e.Description)), string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

    public static async Task AssignAsync(GongzhiDb db, TimeProvider clock, string userId, Assign body, CancellationToken ct)
    {
        if (!ScopeLengths.Contains(body.AreaCode.Length) || !body.AreaCode.All(char.IsAsciiDigit))
            throw new DomainException("assignment.code", "The area code must have 2, 4, 6, 9, 12, 15 or 18 digits", body.AreaCode);
        if (!Enum.IsDefined(body.Role)) throw new DomainException("assignment.role", "Unknown role", body.Role);
        if (await db.RoleAssignments.AnyAsync(a => a.UserId == userId && a.Role == body.Role && a.AreaCode == body.AreaCode, ct))
            throw DomainException.Conflict("assignment.exists", "The user already has this assignment");
        db.RoleAssignments.Add(new RoleAssignment { UserId = userId, Role = body.Role, AreaCode = body.AreaCode, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
    }

    static DomainException NotFound() => new("not_found", "No such record") { Status = StatusCodes.Status404NotFound };

    /// <summary>Removes an assignment; only inside the caller's scope (else 403), of a user they can see (else 404).</summary>
    public static async Task UnassignAsync(GongzhiDb db, Caller caller, string userId, Guid assignmentId, CancellationToken ct)
    {
        var row = await db.RoleAssignments.SingleOrDefaultAsync(a => a.Id == assignmentId && a.UserId == userId, ct);
        if (row is null || await GetAsync(db, caller, userId, ct) is null) throw NotFound();
        if (!caller.Can(Permission.UsersManage, row.AreaCode)) throw new DomainException("forbidden", "Not allowed") { Status = StatusCodes.Status403Forbidden };
        db.RoleAssignments.Remove(row);
        await db.SaveChangesAsync(ct);
    }

    public static async Task RevokeTokenAsync(GongzhiDb db, Caller caller, TimeProvider clock, string userId, Guid tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null || await GetAsync(db, caller, userId, ct) is null) throw NotFound();
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    public static async Task SetDisabledAsync(GongzhiDb db, Caller caller, string userId, bool disabled, CancellationToken ct)
    {
        if (userId == caller.UserId && disabled) throw new DomainException("user.self", "You cannot disable your own account");
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.Disabled = disabled;
        user.SecurityStamp = Guid.NewGuid().ToString(); // signs the account out everywhere
        await db.SaveChangesAsync(ct);
    }

    public static async Task<List<TokenView>> TokensAsync(GongzhiDb db, string userId, CancellationToken ct) =>
        await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.CreatedAt)
            .Select(t => new TokenView(t.Id, t.Name, t.CreatedAt, t.RevokedAt)).ToListAsync(ct);

    public static async Task<NewToken> IssueTokenAsync(GongzhiDb db, TimeProvider clock, string userId, string name, CancellationToken ct)
    {
        var (token, hash) = ApiToken.NewToken();
        var row = new ApiToken { UserId = userId, Name = name.Trim(), TokenHash = hash, CreatedAt = clock.GetUtcNow() };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        return new NewToken(row.Id, row.Name, token);
    }
}
