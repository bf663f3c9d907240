using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Modules.Registry.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Party;

/// <summary>PT-6 pioneer roles: 党员先锋岗, 党员责任区, 联户党员, 双联户, 义务十大员, 党员代理服务.</summary>
public enum PioneerKind { PioneerPost = 1, ResponsibilityArea = 2, LinkedHouseholds = 3, DoubleLinked = 4, TenVolunteers = 5, ProxyService = 6 }

/// <summary>The ten duties of 义务十大员 (the seeds name the brand, not the list; this is the usual one).</summary>
public enum VolunteerDuty
{
    PolicyPromoter = 1,     // 政策宣传员
    SafetyPatroller = 2,    // 治安巡逻员
    DisputeMediator = 3,    // 矛盾调解员
    Informant = 4,          // 民情信息员
    EnvironmentWatcher = 5, // 环境监督员
    CivilityGuide = 6,      // 文明劝导员
    HelpServer = 7,         // 帮扶服务员
    FireSafetyChecker = 8,  // 安全检查员
    CultureOrganiser = 9,   // 文体活动员
    ElderCarer = 10,        // 助老服务员
}

/// <summary>The state of an affair handled by 党员代理服务 (代办).</summary>
public enum AffairStatus { Accepted = 1, InProgress = 2, Done = 3 }

/// <summary>
/// A pioneer role of a member (PT-6). Targets by kind: buildings (18-digit codes, comma-separated) for 责任区, registry
/// household ids (comma-separated, no FK) for 联户/双联户, a registry person for 代理服务, a post name for 先锋岗, a duty
/// for 义务十大员. The area code is the member's organisation's (scope); every target lies inside it.
/// </summary>
public sealed class PartyRole : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MemberId { get; init; }
    public required string AreaCode { get; set; }
    public PioneerKind Kind { get; init; }
    public VolunteerDuty? Duty { get; set; }
    public string? Title { get; set; }
    public string Buildings { get; set; } = "";
    public string Households { get; set; } = "";
    public Guid? PersonId { get; set; }
    public DateOnly Since { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<string> BuildingCodes => Buildings.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public IReadOnlyList<Guid> HouseholdIds => [.. Households.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
}

/// <summary>An affair handled for a person by 党员代理服务: day, affair, status.</summary>
public sealed class PartyProxyAffair : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid RoleId { get; init; }
    public required string AreaCode { get; init; }
    public DateOnly On { get; set; }
    public required string Affair { get; set; }
    public AffairStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

sealed class PartyRoleConfiguration : IEntityTypeConfiguration<PartyRole>
{
    public void Configure(EntityTypeBuilder<PartyRole> b)
    {
        b.ToTable("party_roles");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Duty).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Title).HasMaxLength(100);
        b.Property(x => x.Buildings).HasMaxLength(2000);
        b.Property(x => x.Households).HasMaxLength(4000);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.BuildingCodes);
        b.Ignore(x => x.HouseholdIds);
        b.HasIndex(x => x.MemberId);
        b.HasIndex(x => new { x.AreaCode, x.Kind });
        b.HasIndex(x => x.PersonId);
    }
}

sealed class PartyProxyAffairConfiguration : IEntityTypeConfiguration<PartyProxyAffair>
{
    public void Configure(EntityTypeBuilder<PartyProxyAffair> b)
    {
        b.ToTable("party_proxy_affairs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Affair).HasMaxLength(500);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => x.RoleId);
    }
}

/// <summary>
/// The rules of pioneer roles (PT-6). Pure. What each kind needs: 先锋岗 a post name; 责任区 one or more buildings;
/// 联户党员 and 双联户 one or more households; 义务十大员 a duty; 代理服务 a person. Every building or household building
/// starts with the member's organisation's area code. A household is linked by at most <see cref="DoubleLinkedMax"/>
/// members under 双联户.
/// </summary>
public static class RoleRules
{
    public const int DoubleLinkedMax = 2;

    /// <summary>The code of what is missing for the kind, or null.</summary>
    public static string? Missing(PioneerKind kind, string? title, VolunteerDuty? duty, int buildings, int households, Guid? person) => kind switch
    {
        PioneerKind.PioneerPost => string.IsNullOrWhiteSpace(title) ? "party.role.title" : null,
        PioneerKind.ResponsibilityArea => buildings == 0 ? "party.role.buildings" : null,
        PioneerKind.LinkedHouseholds or PioneerKind.DoubleLinked => households == 0 ? "party.role.households" : null,
        PioneerKind.TenVolunteers => duty is { } d && Enum.IsDefined(d) ? null : "party.role.duty",
        PioneerKind.ProxyService => person is null ? "party.role.person" : null,
        _ => "party.role.kind",
    };

    /// <summary>Whether a target area (building code, or where a household or person is) lies inside the member's organisation's area.</summary>
    public static bool Inside(string memberArea, string targetArea) => targetArea.StartsWith(memberArea, StringComparison.Ordinal) && targetArea.Length >= memberArea.Length;

    /// <summary>Whether a member may hold a role: regular or probationary (not transferred out).</summary>
    public static bool Eligible(MemberStatus status) => status is MemberStatus.Regular or MemberStatus.Probationary;
}

/// <summary>PT-6: pioneer roles of members, their targets, and the affairs of 代理服务.</summary>
public static class PioneerRoles
{
    public sealed record Edit(
        Guid MemberId,
        PioneerKind Kind,
        [property: MaxLength(100)] string? Title = null,
        VolunteerDuty? Duty = null,
        [property: MaxLength(100)] IReadOnlyList<string>? Buildings = null,
        [property: MaxLength(200)] IReadOnlyList<Guid>? Households = null,
        Guid? PersonId = null,
        DateOnly? Since = null,
        [property: MaxLength(1000)] string? Note = null);

    public sealed record Target(string Kind, string Id, string Label);
    public sealed record AffairView(Guid Id, DateOnly On, string Affair, AffairStatus Status);
    public sealed record View(Guid Id, Guid MemberId, string MemberName, string AreaCode, PioneerKind Kind, string? Title, VolunteerDuty? Duty,
        IReadOnlyList<Target> Targets, DateOnly Since, string? Note, IReadOnlyList<AffairView> Affairs);

    public sealed record AffairEdit(DateOnly On, [property: Required, MaxLength(500)] string Affair, AffairStatus Status = AffairStatus.Accepted);

    public static void Map(RouteGroupBuilder party)
    {
        var roles = party.MapGroup("/roles");
        roles.MapGet("/", async (string? area, Guid? member, PioneerKind? kind, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ListAsync(db, caller, area, member, kind, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Pioneer roles under an area (default: your scope), of a member, of a kind; targets named");
        roles.MapPost("/", async (Edit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveAsync(db, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/party/roles/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Give a member a pioneer role: targets inside the organisation's area (422), a household in at most two 双联户 (409), active members only");
        roles.MapPut("/{id:guid}", async (Guid id, Edit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Change a role's targets, post, duty or note (member and kind fixed)");
        roles.MapDelete("/{id:guid}", async (Guid id, GongzhiDb db, Caller caller, CancellationToken ct) =>
            {
                await EndAsync(db, caller, id, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("End a role (removed with its affairs; the audit log keeps it)");
        roles.MapPost("/{id:guid}/affairs", async (Guid id, AffairEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await AddAffairAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("代理服务: record an affair handled for the person");
        roles.MapPut("/{id:guid}/affairs/{affairId:guid}", async (Guid id, Guid affairId, AffairEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await UpdateAffairAsync(db, clock, caller, id, affairId, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("代理服务: update an affair (its status)");
    }

    static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToCst().DateTime);

    public static async Task<List<View>> ListAsync(GongzhiDb db, Caller caller, string? area, Guid? member, PioneerKind? kind, CancellationToken ct)
    {
        var query = db.Set<PartyRole>().AsNoTracking().InScope(PartyOrgs.Prefixes(caller, area), r => r.AreaCode);
        if (member is { } m) query = query.Where(r => r.MemberId == m);
        if (kind is { } k) query = query.Where(r => r.Kind == k);
        return await ViewsAsync(db, await query.OrderBy(r => r.AreaCode).ThenBy(r => r.Kind).ThenBy(r => r.Since).ToListAsync(ct), ct);
    }

    /// <summary>A member's roles (the caller's right to see the member is checked by the callers: the contact card).</summary>
    public static async Task<List<View>> OfMemberAsync(GongzhiDb db, Guid memberId, CancellationToken ct) =>
        await ViewsAsync(db, await db.Set<PartyRole>().AsNoTracking().Where(r => r.MemberId == memberId).OrderBy(r => r.Kind).ToListAsync(ct), ct);

    internal static async Task<List<View>> ViewsAsync(GongzhiDb db, List<PartyRole> rows, CancellationToken ct)
    {
        var memberIds = rows.Select(r => r.MemberId).Distinct().ToList();
        var names = memberIds.Count == 0 ? [] : await db.Set<PartyMember>().AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var households = await RegistryHouseholds.GetAsync(db, rows.SelectMany(r => r.HouseholdIds), ct);
        var areaNames = await AreaNames.GetAsync(db, rows.SelectMany(r => r.BuildingCodes).Concat(households.Values.Select(h => h.BuildingCode)).Distinct(), ct);
        var people = new Dictionary<Guid, string>();
        foreach (var pid in rows.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).Distinct())
            people[pid] = (await RegistryHouseholds.PersonAsync(db, pid, ct))?.Name ?? "?";
        var roleIds = rows.Select(r => r.Id).ToList();
        var affairs = roleIds.Count == 0 ? [] : (await db.Set<PartyProxyAffair>().AsNoTracking().Where(a => roleIds.Contains(a.RoleId)).ToListAsync(ct))
            .GroupBy(a => a.RoleId).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.On).Select(a => new AffairView(a.Id, a.On, a.Affair, a.Status)).ToList());
        return [.. rows.Select(r => new View(r.Id, r.MemberId, names.GetValueOrDefault(r.MemberId, "?"), r.AreaCode, r.Kind, r.Title, r.Duty,
            [.. r.BuildingCodes.Select(b => new Target("building", b, areaNames.GetValueOrDefault(b, b))),
             .. r.HouseholdIds.Select(h => households.TryGetValue(h, out var hh)
                 ? new Target("household", h.ToString(), areaNames.GetValueOrDefault(hh.BuildingCode, hh.BuildingCode) + " " + hh.Room)
                 : new Target("household", h.ToString(), "?")),
             .. (r.PersonId is { } p ? [new Target("person", p.ToString(), people.GetValueOrDefault(p, "?"))] : Array.Empty<Target>())],
            r.Since, r.Note, affairs.GetValueOrDefault(r.Id) ?? []))];
    }

    public static async Task<View> SaveAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid? id, Edit body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var role = id is { } existing
            ? await db.Set<PartyRole>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(r => r.Id == existing, ct)
                ?? throw new DomainException("not_found", "No such role") { Status = 404 }
            : null;
        if (role is not null && (role.MemberId != body.MemberId || role.Kind != body.Kind))
            throw new DomainException("party.role.fixed", "The member and kind of a role cannot change");
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("party.role.kind", "Unknown kind of role") { Status = 400 };
        var member = await db.Set<PartyMember>().AsNoTracking().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(m => m.Id == body.MemberId, ct)
            ?? throw new DomainException("not_found", "No such member") { Status = 404 };
        if (!RoleRules.Eligible(member.Status)) throw new DomainException("party.role.member", "Only regular and probationary members hold roles");

        var kind = body.Kind;
        var buildings = kind == PioneerKind.ResponsibilityArea ? (body.Buildings ?? []).Select(b => b.Trim()).Where(b => b.Length > 0).Distinct().ToList() : [];
        var households = kind is PioneerKind.LinkedHouseholds or PioneerKind.DoubleLinked ? (body.Households ?? []).Distinct().ToList() : [];
        var person = kind == PioneerKind.ProxyService ? body.PersonId : null;
        var title = string.IsNullOrWhiteSpace(body.Title) ? null : body.Title.Trim();
        var duty = kind == PioneerKind.TenVolunteers ? body.Duty : null;
        if (RoleRules.Missing(kind, title, duty, buildings.Count, households.Count, person) is { } missing)
            throw new DomainException(missing, "The role lacks what its kind needs", kind);

        foreach (var b in buildings)
        {
            if (b.Length != 18 || !b.All(char.IsAsciiDigit) || !await AreaNames.ExistsAsync(db, b, ct)) throw new DomainException("party.role.building", "No such building", b);
            if (!RoleRules.Inside(member.AreaCode, b)) throw new DomainException("party.role.area", "The target is outside the member's organisation's area", b);
        }
        if (households.Count > 0)
        {
            var found = await RegistryHouseholds.GetAsync(db, households, ct);
            foreach (var h in households)
            {
                if (!found.TryGetValue(h, out var hh)) throw new DomainException("party.role.household", "No such household", h);
                if (!RoleRules.Inside(member.AreaCode, hh.BuildingCode)) throw new DomainException("party.role.area", "The target is outside the member's organisation's area", h);
            }
            if (kind == PioneerKind.DoubleLinked)
                foreach (var h in households)
                {
                    var key = h.ToString();
                    var others = await db.Set<PartyRole>().AsNoTracking()
                        .Where(r => r.Kind == PioneerKind.DoubleLinked && r.Households.Contains(key) && r.MemberId != member.Id && (role == null || r.Id != role.Id))
                        .Select(r => r.MemberId).Distinct().CountAsync(ct);
                    if (others >= RoleRules.DoubleLinkedMax) throw DomainException.Conflict("party.role.household.full", "A household is linked by at most two members", h);
                }
        }
        if (person is { } pid)
        {
            var p = await RegistryHouseholds.PersonAsync(db, pid, ct) ?? throw new DomainException("party.role.person", "No such person in the registry");
            if (!RoleRules.Inside(member.AreaCode, p.AreaCode)) throw new DomainException("party.role.area", "The target is outside the member's organisation's area", pid);
        }
        var since = body.Since ?? role?.Since ?? Today(clock);
        if (since > Today(clock)) throw new DomainException("party.role.future", "A role cannot start in the future");

        if (role is null)
        {
            role = new PartyRole { MemberId = member.Id, Kind = kind, AreaCode = member.AreaCode, CreatedAt = now };
            db.Add(role);
        }
        role.Title = kind is PioneerKind.PioneerPost or PioneerKind.TenVolunteers ? title : null;
        role.Duty = duty;
        role.Buildings = string.Join(',', buildings);
        role.Households = string.Join(',', households);
        role.PersonId = person;
        role.Since = since;
        role.Note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        role.UpdatedAt = now;
        role.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [role], ct))[0];
    }

    public static async Task EndAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var role = await db.Set<PartyRole>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new DomainException("not_found", "No such role") { Status = 404 };
        db.RemoveRange(await db.Set<PartyProxyAffair>().Where(a => a.RoleId == id).ToListAsync(ct));
        db.Remove(role);
        await db.SaveChangesAsync(ct);
    }

    public static async Task<View> AddAffairAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, AffairEdit body, CancellationToken ct)
    {
        var role = await db.Set<PartyRole>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new DomainException("not_found", "No such role") { Status = 404 };
        if (role.Kind != PioneerKind.ProxyService) throw new DomainException("party.role.affair.kind", "Affairs are handled by 代理服务 only");
        Check(clock, body);
        var now = clock.GetUtcNow();
        db.Add(new PartyProxyAffair { RoleId = role.Id, AreaCode = role.AreaCode, On = body.On, Affair = body.Affair.Trim(), Status = body.Status, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [role], ct))[0];
    }

    public static async Task<View> UpdateAffairAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, Guid affairId, AffairEdit body, CancellationToken ct)
    {
        var role = await db.Set<PartyRole>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new DomainException("not_found", "No such role") { Status = 404 };
        var affair = await db.Set<PartyProxyAffair>().SingleOrDefaultAsync(a => a.Id == affairId && a.RoleId == id, ct)
            ?? throw new DomainException("not_found", "No such affair") { Status = 404 };
        Check(clock, body);
        affair.On = body.On;
        affair.Affair = body.Affair.Trim();
        affair.Status = body.Status;
        affair.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [role], ct))[0];
    }

    static void Check(TimeProvider clock, AffairEdit body)
    {
        if (!Enum.IsDefined(body.Status)) throw new DomainException("party.role.affair.status", "Unknown status") { Status = 400 };
        if (body.On > Today(clock)) throw new DomainException("party.role.future", "The day cannot be in the future");
        if (string.IsNullOrWhiteSpace(body.Affair)) throw new DomainException("party.role.affair", "Describe the affair");
    }
}
