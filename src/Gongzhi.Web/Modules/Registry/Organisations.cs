using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>Organisations of the registry (RG-3): search, read (contact phone masked), create, update, history.</summary>
public static class Organisations
{
    /// <summary>
    /// An organisation as entered. The area is <see cref="AreaCode"/> (a grid or building) or, when it is left out, the
    /// grid the point (<see cref="Lng"/>, <see cref="Lat"/>) lies in. On an update a contact phone left out (null) keeps
    /// what is stored (clients only ever see it masked); "" clears it.
    /// </summary>
    public sealed record Edit(
        [property: Required, MaxLength(100)] string Name,
        OrganisationKind Kind,
        [property: MaxLength(18)] string? AreaCode = null,
        [property: MaxLength(20)] string? CreditCode = null,
        [property: MaxLength(200)] string? Address = null,
        [property: MaxLength(50)] string? ContactName = null,
        [property: MaxLength(20)] string? ContactPhone = null,
        [property: Range(0, 10_000_000)] int? Employees = null,
        [property: Range(0, 1_000_000)] int PartyMembers = 0,
        bool HasPartyOrganisation = false,
        [property: Range(-180, 180)] double? Lng = null,
        [property: Range(-90, 90)] double? Lat = null);

    public sealed record View(Guid Id, string Name, OrganisationKind Kind, string? CreditCode, string AreaCode, string AreaName, string? Address,
        double? Lng, double? Lat, string? ContactName, string? ContactPhone, int? Employees, int PartyMembers, bool HasPartyOrganisation, bool PartyGap,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public enum Sort { Name, Updated }

    public static void Map(RouteGroupBuilder registry)
    {
        var orgs = registry.MapGroup("/organisations");
        orgs.MapGet("/", async ([AsParameters] PageRequest page, string? q, OrganisationKind? kind, string? area, bool? hasPartyOrg, bool? partyGap, Sort? sort,
                GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SearchAsync(db, caller, new(q, kind, area, hasPartyOrg, partyGap, sort ?? Sort.Name), page, ct)))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("Search organisations by name/address/credit code, kind, area prefix, party organisation (partyGap: 两新 with ≥3 party members and none); contact phone masked");
        orgs.MapGet("/{id:guid}", async Task<Results<Ok<View>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await GetAsync(db, caller, id, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("One organisation, contact phone masked");
        orgs.MapPost("/", async (Edit body, GongzhiDb db, PersonalData pd, GridLocator locator, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveAsync(db, pd, locator, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/registry/organisations/{v.Id}", v);
            })
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Add an organisation: area code, or a point located to its grid; credit code checked per GB 32100-2015; 409 when the code is registered");
        orgs.MapPut("/{id:guid}", async (Guid id, Edit body, GongzhiDb db, PersonalData pd, GridLocator locator, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveAsync(db, pd, locator, clock, caller, id, body, ct)))
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Update an organisation (every change goes to its history)");
        orgs.MapGet("/{id:guid}/history", async Task<Results<Ok<List<People.HistoryEntry>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await HistoryAsync(db, caller, id, ct) is { } h ? TypedResults.Ok(h) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("Who changed what and when (contact phone masked)");
    }

    public sealed record Filter(string? Q = null, OrganisationKind? Kind = null, string? Area = null, bool? HasPartyOrg = null, bool? PartyGap = null, Sort Sort = Sort.Name);

    internal static IQueryable<Organisation> Readable(GongzhiDb db, Caller caller) => db.Set<Organisation>().InScope(caller, Permission.RegistryRead);

    public static async Task<Page<View>> SearchAsync(GongzhiDb db, Caller caller, Filter f, PageRequest page, CancellationToken ct)
    {
        var query = Readable(db, caller).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var t = f.Q.Trim();
            var code = t.ToUpperInvariant();
            query = query.Where(o => o.Name.Contains(t) || (o.Address != null && o.Address.Contains(t)) || o.CreditCode == code);
        }
        if (f.Kind is { } kind) query = query.Where(o => o.Kind == kind);
        if (!string.IsNullOrWhiteSpace(f.Area)) { var t = f.Area.Trim(); query = query.Where(o => o.AreaCode.StartsWith(t)); }
        if (f.HasPartyOrg is { } has) query = query.Where(o => o.HasPartyOrganisation == has);
        if (f.PartyGap is { } gap)
            query = gap ? query.Where(PartyGap) : query.Where(o => !(o.Kind == OrganisationKind.NewEconomic && o.PartyMembers >= Organisation.PartyOrganisationThreshold && !o.HasPartyOrganisation));
        var total = await query.CountAsync(ct);
        query = f.Sort == Sort.Updated ? query.OrderByDescending(o => o.UpdatedAt).ThenBy(o => o.Id) : query.OrderBy(o => o.Name).ThenBy(o => o.Id);
        return new(await ViewsAsync(db, query.Skip(page.Skip).Take(page.PageSize), ct), total, page.Page, page.PageSize);
    }

    /// <summary>两新 organisations with ≥3 party members and no party organisation (PT-5's blank spots), as SQL.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<Organisation, bool>> PartyGap =
        o => o.Kind == OrganisationKind.NewEconomic && o.PartyMembers >= Organisation.PartyOrganisationThreshold && !o.HasPartyOrganisation;

    static async Task<List<View>> ViewsAsync(GongzhiDb db, IQueryable<Organisation> query, CancellationToken ct)
    {
        var rows = await query.ToListAsync(ct);
        var names = await AreaNames.PathNamesAsync(db, rows.Select(r => r.AreaCode).Distinct(), ct);
        return [.. rows.Select(o => ViewOf(o, names))];
    }

    static View ViewOf(Organisation o, Dictionary<string, string> names) => new(o.Id, o.Name, o.Kind, o.CreditCode, o.AreaCode,
        names.GetValueOrDefault(o.AreaCode, o.AreaCode), o.Address, o.Lng, o.Lat, o.ContactName, o.ContactPhoneMasked, o.Employees, o.PartyMembers,
        o.HasPartyOrganisation, o.IsPartyGap, o.CreatedAt, o.UpdatedAt);

    public static async Task<View?> GetAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        (await ViewsAsync(db, Readable(db, caller).AsNoTracking().Where(o => o.Id == id), ct)).SingleOrDefault();

    public static async Task<View> SaveAsync(GongzhiDb db, PersonalData pd, GridLocator locator, TimeProvider clock, Caller caller, Guid? id, Edit body,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await pd.ReadyAsync(ct);
        var org = id is { } existingId
            ? await db.Set<Organisation>().InScope(caller, Permission.RegistryWrite).SingleOrDefaultAsync(o => o.Id == existingId, ct)
                ?? throw new DomainException("not_found", "No such organisation") { Status = 404 }
            : null;

        var name = body.Name.Trim();
        if (name.Length == 0) throw new DomainException("registry.name", "The name is required");
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("registry.organisation.kind", "Unknown kind of organisation") { Status = 400 };
        if ((body.Lng is null) != (body.Lat is null)) throw new DomainException("registry.point", "Give both longitude and latitude, or neither") { Status = 400 };
        var area = await AreaOfAsync(db, locator, body.AreaCode, body.Lng, body.Lat, ct);
        if (!caller.Can(Permission.RegistryWrite, area)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };

        string? creditCode = null;
        if (!string.IsNullOrWhiteSpace(body.CreditCode))
        {
            creditCode = Registry.CreditCode.Normalise(body.CreditCode);
            if (Registry.CreditCode.Validate(creditCode) is { } problem)
                throw new DomainException("registry.creditcode." + problem.ToString().ToLowerInvariant(), "The unified social credit code is not valid: " + problem);
            if (await db.Set<Organisation>().AsNoTracking().AnyAsync(o => o.CreditCode == creditCode && o.Id != (id ?? Guid.Empty), ct))
                throw Duplicate(creditCode);
        }
        var keepPhone = org is not null && body.ContactPhone is null;
        string? phone = null;
        if (!keepPhone && !string.IsNullOrWhiteSpace(body.ContactPhone))
        {
            phone = new string([.. body.ContactPhone.Where(c => !char.IsWhiteSpace(c) && c != '-')]);
            if (phone.Length is < 7 or > 15 || !phone.All(char.IsAsciiDigit)) throw new DomainException("registry.phone", "The phone number must be 7 to 15 digits");
        }

        if (org is null)
        {
            org = new Organisation { Name = name, AreaCode = area, CreatedAt = now };
            db.Add(org);
        }
        org.Name = name;
        org.Kind = body.Kind;
        org.AreaCode = area;
        org.CreditCode = creditCode;
        org.Address = string.IsNullOrWhiteSpace(body.Address) ? null : body.Address.Trim();
        org.Lng = body.Lng;
        org.Lat = body.Lat;
        org.ContactName = string.IsNullOrWhiteSpace(body.ContactName) ? null : body.ContactName.Trim();
        if (!keepPhone) SetPhone(org, pd, phone);
        org.Employees = body.Employees;
        org.PartyMembers = body.PartyMembers;
        org.HasPartyOrganisation = body.HasPartyOrganisation;
        org.UpdatedAt = now;
        org.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (creditCode is not null && e is not DbUpdateConcurrencyException)
        {
            throw Duplicate(creditCode); // the same code entered at the same moment elsewhere (unique index)
        }
        return ViewOf(org, await AreaNames.PathNamesAsync(db, [org.AreaCode], ct));
    }

    static DomainException Duplicate(string code) =>
        DomainException.Conflict("registry.organisation.duplicate", "This unified social credit code is already registered", code);

    /// <summary>
    /// The area of a registry row: the named grid (15 digits) or building (18 digits), which must exist; or, without one,
    /// the grid the point lies in. Neither, an unknown area or a point outside every grid → 400.
    /// </summary>
    internal static async Task<string> AreaOfAsync(GongzhiDb db, GridLocator locator, string? areaCode, double? lng, double? lat, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(areaCode))
        {
            var area = areaCode.Trim();
            if (area.Length is not (15 or 18) || !area.All(char.IsAsciiDigit) || !await AreaNames.ExistsAsync(db, area, ct))
                throw new DomainException("registry.area", "Name a known building (18 digits) or grid (15 digits)", area) { Status = 400 };
            return area;
        }
        if (lng is { } x && lat is { } y)
            return (await locator.LocateAsync(y, x, ct))?.Grid.Code
                ?? throw new DomainException("registry.point.outside", "The point is not inside any grid", x, y) { Status = 400 };
        throw new DomainException("registry.area.missing", "Give the area code, or the point (longitude and latitude)") { Status = 400 };
    }

    internal static void SetPhone(Organisation org, PersonalData pd, string? phone)
    {
        if (phone is null) { org.ContactPhoneCipher = org.ContactPhoneMasked = null; return; }
        org.ContactPhoneCipher = pd.Protect(phone, PersonalData.Field.OrganisationContactPhone);
        org.ContactPhoneMasked = Masking.Mask(phone);
    }

    public static async Task<List<People.HistoryEntry>?> HistoryAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        await Readable(db, caller).AnyAsync(o => o.Id == id, ct) ? await RegistryHistory.OfAsync(db, nameof(Organisation), id, ct) : null;
}

/// <summary>The audit rows of one registry record, oldest first.</summary>
static class RegistryHistory
{
    public static Task<List<People.HistoryEntry>> OfAsync(GongzhiDb db, string entityType, Guid id, CancellationToken ct)
    {
        var key = id.ToString();
        return db.AuditEntries.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == key)
            .OrderBy(a => a.At).ThenBy(a => a.Id).Select(a => new People.HistoryEntry(a.At, a.UserName, a.Action, a.Before, a.After, a.Reason)).ToListAsync(ct);
    }
}
