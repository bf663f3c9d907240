using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Modules.Registry.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party;

/// <summary>The party organisation tree (AR-4): the tree under an area, one organisation, create, update; and coverage (PT-5).</summary>
public static class PartyOrgs
{
    public sealed record Seat(Guid MemberId, bool PartTime = false);

    /// <summary>
    /// An organisation as entered. Kind, area and parent are fixed once created (an update must repeat them); the
    /// secretary and committee members are member ids; 兼职委员 (part-time, from stationed units) are flagged.
    /// </summary>
    public sealed record Edit(
        PartyOrgKind Kind,
        [property: Required, MaxLength(100)] string Name,
        [property: Required, MaxLength(18)] string AreaCode,
        Guid? ParentId = null,
        Guid? RegistryOrganisationId = null,
        Guid? SecretaryId = null,
        [property: MaxLength(50)] IReadOnlyList<Seat>? Committee = null,
        bool Weak = false,
        [property: MaxLength(500)] string? WeakNote = null,
        DateOnly? EstablishedOn = null);

    public sealed record SeatView(Guid MemberId, string Name, bool PartTime);

    public sealed record View(Guid Id, PartyOrgKind Kind, string Name, Guid? ParentId, string AreaCode, string AreaName, Guid? RegistryOrganisationId,
        Guid? SecretaryId, string? SecretaryName, IReadOnlyList<SeatView> Committee, bool Weak, string? WeakNote, DateOnly EstablishedOn,
        int Members, DateTimeOffset UpdatedAt);

    public static void Map(RouteGroupBuilder party)
    {
        var orgs = party.MapGroup("/orgs");
        orgs.MapGet("/", async (string? area, GongzhiDb db, Caller caller, CancellationToken ct) => TypedResults.Ok(await TreeAsync(db, caller, area, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("The organisation tree under an area (default: the caller's scope), parents before children, with member counts");
        orgs.MapGet("/{id:guid}", async Task<Results<Ok<View>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await GetAsync(db, caller, id, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("One organisation with its secretary and committee");
        orgs.MapPost("/", async (Edit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveAsync(db, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/party/orgs/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Create an organisation: kind checked against the area level and the parent (street 9, community 12, grid 15, building 18 digits)");
        orgs.MapPut("/{id:guid}", async (Guid id, Edit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Update name, secretary, committee, registry link, 软弱涣散 flag (kind, area and parent are fixed)");
        party.MapGet("/coverage", async (string? area, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await CoverageAsync(db, caller, area, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("PT-5 blind spots under an area: grids without a branch, buildings without a group, 两新 without a party organisation, members without a group, 软弱涣散");
    }

    internal static IQueryable<PartyOrg> Readable(GongzhiDb db, Caller caller) => db.Set<PartyOrg>().InScope(caller, Permission.PartyRead);

    /// <summary>The area to list under: the given one (404 outside the caller's scope), or the caller's widest scope.</summary>
    internal static IReadOnlyList<string> Prefixes(Caller caller, string? area)
    {
        var scope = caller.ScopeFor(Permission.PartyRead);
        if (string.IsNullOrWhiteSpace(area)) return scope;
        var a = area.Trim();
        if (scope.Covers(a)) return [a];
        if (scope.Any(s => s.StartsWith(a, StringComparison.Ordinal))) return [.. scope.Where(s => s.StartsWith(a, StringComparison.Ordinal))];
        throw new DomainException("not_found", "No such area in your scope") { Status = 404 };
    }

    public static async Task<List<View>> TreeAsync(GongzhiDb db, Caller caller, string? area, CancellationToken ct)
    {
        var prefixes = Prefixes(caller, area);
        var rows = await db.Set<PartyOrg>().AsNoTracking().InScope(prefixes, o => o.AreaCode).OrderBy(o => o.AreaCode).ThenBy(o => o.Kind).ThenBy(o => o.Name).ToListAsync(ct);
        return await ViewsAsync(db, rows, ct);
    }

    static async Task<List<View>> ViewsAsync(GongzhiDb db, List<PartyOrg> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var counts = ids.Count == 0 ? [] : await db.Set<PartyMember>().AsNoTracking().Where(m => ids.Contains(m.OrgId) && m.Status != MemberStatus.TransferredOut)
            .GroupBy(m => m.OrgId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var people = rows.SelectMany(r => r.CommitteeSeats.Select(s => s.MemberId).Append(r.SecretaryId ?? Guid.Empty)).Where(g => g != Guid.Empty).Distinct().ToList();
        var names = people.Count == 0 ? [] : await db.Set<PartyMember>().AsNoTracking().Where(m => people.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var areaNames = await AreaNames.GetAsync(db, rows.Select(r => r.AreaCode), ct);
        return [.. rows.Select(o => new View(o.Id, o.Kind, o.Name, o.ParentId, o.AreaCode, areaNames.GetValueOrDefault(o.AreaCode, o.AreaCode), o.RegistryOrganisationId,
            o.SecretaryId, o.SecretaryId is { } s ? names.GetValueOrDefault(s) : null,
            [.. o.CommitteeSeats.Select(c => new SeatView(c.MemberId, names.GetValueOrDefault(c.MemberId, "?"), c.PartTime))],
            o.Weak, o.WeakNote, o.EstablishedOn, counts.GetValueOrDefault(o.Id), o.UpdatedAt))];
    }

    public static async Task<View?> GetAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        (await ViewsAsync(db, await Readable(db, caller).AsNoTracking().Where(o => o.Id == id).ToListAsync(ct), ct)).SingleOrDefault();

    /// <summary>The ids of <paramref name="orgId"/> and every organisation below it.</summary>
    internal static async Task<HashSet<Guid>> SubtreeAsync(GongzhiDb db, Guid orgId, string area, CancellationToken ct)
    {
        var under = await db.Set<PartyOrg>().AsNoTracking().Where(o => o.AreaCode.StartsWith(area)).Select(o => new { o.Id, o.ParentId }).ToListAsync(ct);
        var result = new HashSet<Guid> { orgId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var o in under)
                if (o.ParentId is { } p && result.Contains(p) && result.Add(o.Id)) grew = true;
        }
        return result;
    }

    public static async Task<View> SaveAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid? id, Edit body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var org = id is { } existing
            ? await db.Set<PartyOrg>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(o => o.Id == existing, ct)
                ?? throw new DomainException("not_found", "No such organisation") { Status = 404 }
            : null;
        var name = body.Name.Trim();
        if (name.Length == 0) throw new DomainException("party.name", "The name is required");
        var area = body.AreaCode.Trim();
        if (org is not null && (org.Kind != body.Kind || org.AreaCode != area || org.ParentId != body.ParentId))
            throw new DomainException("party.org.fixed", "Kind, area and parent of an organisation cannot change");

        if (org is null)
        {
            if (!Enum.IsDefined(body.Kind)) throw new DomainException("party.org.kind", "Unknown kind of organisation") { Status = 400 };
            if (!OrgRules.AreaLengths(body.Kind).Contains(area.Length)) throw new DomainException("party.org.level", "The organisation does not fit the area tree", body.Kind, area);
            if (!caller.Can(Permission.PartyWrite, area)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
            PartyOrg? parent = null;
            if (body.ParentId is { } pid)
                parent = await db.Set<PartyOrg>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(o => o.Id == pid, ct)
                    ?? throw new DomainException("party.org.parent.missing", "No such parent organisation");
            if (OrgRules.Check(body.Kind, area, parent?.Kind, parent?.AreaCode) is { } problem)
                throw new DomainException(problem, "The organisation does not fit the area tree", body.Kind, area);
            if (!await AreaNames.ExistsAsync(db, area, ct)) throw new DomainException("party.org.area", "No such area", area);
            if (body.Kind is PartyOrgKind.StreetWorkingCommittee or PartyOrgKind.CommunityCommittee or PartyOrgKind.GridBranch or PartyOrgKind.BuildingGroup
                && await db.Set<PartyOrg>().AnyAsync(o => o.AreaCode == area && o.Kind == body.Kind, ct))
                throw DomainException.Conflict("party.org.duplicate", "This area already has an organisation of this kind", area);
        }
        if (body.RegistryOrganisationId is { } rid)
        {
            if (body.Kind is not (PartyOrgKind.NewEconomicOrg or PartyOrgKind.StationedUnitOrg))
                throw new DomainException("party.org.registry.kind", "Only 两新 and stationed-unit organisations link to a registry organisation");
            // A registry organisation outside the caller's scope is as unknown as a missing one (its existence is not told).
            if (await RegistryOrganisations.AreaOfAsync(db, rid, ct) is not { } unitArea || !caller.Can(Permission.PartyRead, unitArea))
                throw new DomainException("party.org.registry", "No such registry organisation");
        }

        var seats = (body.Committee ?? []).Select(s => (s.MemberId, s.PartTime)).ToList();
        var named = seats.Select(s => s.MemberId).Concat(body.SecretaryId is { } sid ? [sid] : []).Distinct().ToList();
        if (named.Count > 0)
        {
            if (org is null) throw new DomainException("party.org.committee", "Name the secretary and committee once the organisation has members");
            var own = await SubtreeAsync(db, org.Id, org.AreaCode, ct);
            // Only members the caller may read: a 兼职委员 from another street would otherwise be named (and so disclosed) on this organisation.
            var found = await PartyMembers.Readable(db, caller).AsNoTracking().Where(m => named.Contains(m.Id) && m.Status != MemberStatus.TransferredOut)
                .Select(m => new { m.Id, m.OrgId }).ToListAsync(ct);
            foreach (var n in named)
            {
                var m = found.FirstOrDefault(f => f.Id == n);
                var partTime = seats.Any(s => s.MemberId == n && s.PartTime);
                // A full seat (and the secretary) is a member of the organisation or below; a 兼职委员 may come from any organisation.
                if (m is null || (!partTime && !own.Contains(m.OrgId))) throw new DomainException("party.org.committee", "The secretary and committee must be members of the organisation", n);
            }
        }

        if (body.EstablishedOn is { } est && est > DateOnly.FromDateTime(now.ToCst().DateTime))
            throw new DomainException("party.org.established", "The founding day cannot be in the future", est);

        if (org is null)
        {
            org = new PartyOrg { Kind = body.Kind, Name = name, AreaCode = area, ParentId = body.ParentId, CreatedAt = now };
            db.Add(org);
        }
        org.Name = name;
        org.RegistryOrganisationId = body.RegistryOrganisationId;
        org.SecretaryId = body.SecretaryId;
        org.Committee = PartyOrg.JoinCommittee(seats);
        org.Weak = body.Weak;
        org.WeakNote = string.IsNullOrWhiteSpace(body.WeakNote) ? null : body.WeakNote.Trim();
        org.EstablishedOn = body.EstablishedOn ?? (org.EstablishedOn == default ? DateOnly.FromDateTime(now.ToCst().DateTime) : org.EstablishedOn);
        org.UpdatedAt = now;
        org.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [org], ct))[0];
    }

    public sealed record CoverageView(string Area, int Grids, int GridsWithBranch, int Buildings, int BuildingsWithGroup, int Units, int Members,
        IReadOnlyList<Coverage.Area> GridsWithoutBranch, IReadOnlyList<Coverage.Area> BuildingsWithoutGroup, IReadOnlyList<Coverage.Unit> UnitsWithoutOrg,
        IReadOnlyList<Coverage.Member> MembersWithoutGroup, IReadOnlyList<Coverage.Org> WeakOrgs);

    public static async Task<CoverageView> CoverageAsync(GongzhiDb db, Caller caller, string? area, CancellationToken ct)
    {
        var prefixes = Prefixes(caller, area);
        var areas = new List<Coverage.Area>();
        foreach (var p in prefixes) areas.AddRange((await AreaNames.UnderAsync(db, p, ct)).Where(a => a.Code.Length >= 15).Select(a => new Coverage.Area(a.Code, a.Name, a.Households)));
        var orgs = await db.Set<PartyOrg>().AsNoTracking().InScope(prefixes, o => o.AreaCode)
            .Select(o => new Coverage.Org(o.Id, o.Kind, o.Name, o.AreaCode, o.Weak, o.RegistryOrganisationId)).ToListAsync(ct);
        var members = await db.Set<PartyMember>().AsNoTracking().InScope(prefixes, m => m.AreaCode).OrderBy(m => m.Name)
            .Select(m => new Coverage.Member(m.Id, m.Name, m.OrgId, m.Status)).ToListAsync(ct);
        var units = (await RegistryOrganisations.ListAsync(db, prefixes, ct: ct))
            .Select(u => new Coverage.Unit(u.Id, u.Name, u.AreaCode, u.Kind == Registry.OrganisationKind.NewEconomic, u.PartyMembers, u.HasPartyOrganisation)).ToList();
        var r = Coverage.Compute(areas, orgs, members, units);
        return new(area ?? string.Join(",", prefixes), r.Grids, r.Grids - r.GridsWithoutBranch.Count, r.Buildings, r.Buildings - r.BuildingsWithoutGroup.Count, r.Units, r.Members,
            r.GridsWithoutBranch, r.BuildingsWithoutGroup, r.UnitsWithoutOrg, r.MembersWithoutGroup, r.WeakOrgs);
    }
}
