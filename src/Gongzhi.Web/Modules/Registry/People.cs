using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>People of the registry (RG-1, RG-5): search, read (masked), create, update, unmask (audited), history.</summary>
public static class People
{
    public sealed record Edit(
        [property: Required, MaxLength(50)] string Name,
        [property: Required, MaxLength(18)] string AreaCode,
        [property: MaxLength(20)] string? IdNumber = null,
        Gender? Gender = null,
        DateOnly? BirthDate = null,
        [property: MaxLength(20)] string? Phone = null,
        Guid? HouseholdId = null,
        [property: MaxLength(200)] string? Address = null,
        Residence Residence = Residence.Registered,
        Political Political = Political.Masses,
        IReadOnlyList<string>? Tags = null);

    /// <summary>A person as lists and pages show them: ID number and phone masked, and only the year of birth (with the
    /// full date, the masked ID number's hidden digits could be worked out).</summary>
    public sealed record View(Guid Id, string Name, Gender? Gender, int? BirthYear, string? IdNumber, string? Phone, string AreaCode, string AreaName,
        Guid? HouseholdId, string? Address, Residence Residence, Political Political, IReadOnlyList<string> Tags, DateTimeOffset UpdatedAt);

    public sealed record Unmask([property: Required, MinLength(4), MaxLength(200)] string Reason);
    public sealed record Unmasked(Guid Id, string? IdNumber, string? Phone, DateOnly? BirthDate);
    public sealed record HistoryEntry(DateTimeOffset At, string? UserName, AuditAction Action, string? Before, string? After, string? Reason);

    public enum Sort { Name, Updated }

    public static void Map(RouteGroupBuilder registry)
    {
        var people = registry.MapGroup("/people");
        people.MapGet("/", async ([AsParameters] PageRequest page, string? q, string? idLast4, string? phoneTail, string? tag, string? area, Sort? sort,
                GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SearchAsync(db, caller, q, idLast4, phoneTail, tag, area, sort ?? Sort.Name, page, ct)))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("Search people by name, last four of the ID number, phone tail, tag or area (grid/building prefix); masked");
        people.MapGet("/{id:guid}", async Task<Results<Ok<View>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await GetAsync(db, caller, id, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("One person, masked");
        people.MapPost("/", async (Edit body, GongzhiDb db, PersonalData pd, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveAsync(db, pd, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/registry/people/{v.Id}", v);
            })
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Add a person: ID number checked per GB 11643 and encrypted; 409 with the existing id when the number is already registered");
        people.MapPut("/{id:guid}", async (Guid id, Edit body, GongzhiDb db, PersonalData pd, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveAsync(db, pd, clock, caller, id, body, ct)))
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Update a person (every change goes to the record's history)");
        people.MapPost("/{id:guid}/unmask", async Task<Results<Ok<Unmasked>, ProblemHttpResult>> (Guid id, Unmask body, GongzhiDb db, PersonalData pd,
                TimeProvider clock, Caller caller, HttpContext http, CancellationToken ct) =>
                await UnmaskAsync(db, pd, clock, caller, id, body.Reason, ct) is { } u ? TypedResults.Ok(u) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryUnmask)
            .WithSummary("The full ID number and phone, for a stated reason; writes an audit row");
        people.MapGet("/{id:guid}/history", async Task<Results<Ok<List<HistoryEntry>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await HistoryAsync(db, caller, id, ct) is { } h ? TypedResults.Ok(h) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("Who changed what and when (personal data masked), and every unmasked view");
    }

    internal static IQueryable<Person> Readable(GongzhiDb db, Caller caller) => db.Set<Person>().InScope(caller, Permission.RegistryRead);

    public static async Task<Page<View>> SearchAsync(GongzhiDb db, Caller caller, string? q, string? idLast4, string? phoneTail, string? tag, string? area,
        Sort sort, PageRequest page, CancellationToken ct)
    {
        var query = Filter(Readable(db, caller).AsNoTracking(), q, idLast4, phoneTail, tag, area);
        var total = await query.CountAsync(ct);
        query = sort == Sort.Updated ? query.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id) : query.OrderBy(p => p.Name).ThenBy(p => p.Id);
        return new(await ViewsAsync(db, query.Skip(page.Skip).Take(page.PageSize), ct), total, page.Page, page.PageSize);
    }

    /// <summary>The search filters (shared by the list and the export).</summary>
    internal static IQueryable<Person> Filter(IQueryable<Person> query, string? q, string? idLast4, string? phoneTail, string? tag, string? area)
    {
        if (!string.IsNullOrWhiteSpace(q)) { var t = q.Trim(); query = query.Where(p => p.Name.Contains(t) || (p.Address != null && p.Address.Contains(t))); }
        if (!string.IsNullOrWhiteSpace(idLast4)) { var t = idLast4.Trim().ToUpperInvariant(); query = query.Where(p => p.IdNumberLast4 == t); }
        if (!string.IsNullOrWhiteSpace(phoneTail)) { var t = phoneTail.Trim(); query = query.Where(p => p.PhoneTail == t); }
        if (!string.IsNullOrWhiteSpace(tag)) { var t = "|" + tag.Trim() + "|"; query = query.Where(p => p.Tags.Contains(t)); }
        if (!string.IsNullOrWhiteSpace(area)) { var t = area.Trim(); query = query.Where(p => p.AreaCode.StartsWith(t)); }
        return query;
    }

    /// <summary>The people of <paramref name="query"/> as views: one query for the people, one for their area names.</summary>
    internal static async Task<List<View>> ViewsAsync(GongzhiDb db, IQueryable<Person> query, CancellationToken ct)
    {
        var rows = await query.ToListAsync(ct);
        var names = await AreaNames.PathNamesAsync(db, rows.Select(r => r.AreaCode).Distinct(), ct);
        return [.. rows.Select(p => ViewOf(p, names))];
    }

    /// <summary>The special-group tags in their order.</summary>
    public static Task<List<RegistryTag>> TagsAsync(GongzhiDb db, CancellationToken ct) =>
        db.Set<RegistryTag>().AsNoTracking().OrderBy(t => t.Order).ToListAsync(ct);

    public static async Task<View?> GetAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        return (await ViewsAsync(db, Readable(db, caller).AsNoTracking().Where(x => x.Id == id), ct)).SingleOrDefault();
    }

    static View ViewOf(Person p, Dictionary<string, string> names) => new(p.Id, p.Name, p.Gender, p.BirthDate?.Year, p.IdNumberMasked, p.PhoneMasked, p.AreaCode,
        names.GetValueOrDefault(p.AreaCode, p.AreaCode), p.HouseholdId, p.Address, p.Residence, p.Political, p.TagList, p.UpdatedAt);

    public static async Task<View> SaveAsync(GongzhiDb db, PersonalData pd, TimeProvider clock, Caller caller, Guid? id, Edit body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await pd.ReadyAsync(ct);
        var person = id is { } existingId
            ? await db.Set<Person>().InScope(caller, Permission.RegistryWrite).SingleOrDefaultAsync(p => p.Id == existingId, ct)
                ?? throw new DomainException("not_found", "No such person") { Status = 404 }
            : null;

        var area = body.AreaCode.Trim();
        if (area.Length is not (15 or 18) || !await AreaNames.ExistsAsync(db, area, ct))
            throw new DomainException("registry.area", "Name a known building (18 digits) or grid (15 digits)", area);
        if (!caller.Can(Permission.RegistryWrite, area)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        if (body.HouseholdId is { } hid && !await db.Set<Household>().AnyAsync(h => h.Id == hid && h.AreaCode == area, ct))
            throw new DomainException("registry.household", "The household is not in this building");
        var tags = (body.Tags ?? []).Where(t => t is not null).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList();
        if (tags.Count > 0)
        {
            var known = await db.Set<RegistryTag>().Where(t => tags.Contains(t.Code)).Select(t => t.Code).ToListAsync(ct);
            if (tags.Except(known).FirstOrDefault() is { } unknown) throw new DomainException("registry.tag", "Unknown tag", unknown);
        }
        var name = body.Name.Trim();
        if (name.Length == 0) throw new DomainException("registry.name", "The name is required");

        // On an update, a field left out (null) keeps what is stored (clients only ever see it masked); "" clears it.
        var keepId = person is not null && body.IdNumber is null;
        var keepPhone = person is not null && body.Phone is null;
        string? idNumber = null, hash = null;
        if (!keepId && !string.IsNullOrWhiteSpace(body.IdNumber))
        {
            idNumber = IdNumber.Normalise(body.IdNumber);
            if (IdNumber.Validate(idNumber, DateOnly.FromDateTime(now.ToCst().DateTime)) is { } problem)
                throw new DomainException("registry.idnumber." + problem.ToString().ToLowerInvariant(), "The ID number is not valid: " + problem);
            hash = await pd.HashAsync(idNumber, ct);
            if (await db.Set<Person>().AsNoTracking().Where(p => p.IdNumberHash == hash && p.Id != (id ?? Guid.Empty)).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct) is { } other)
                throw Duplicate(await Readable(db, caller).AnyAsync(p => p.Id == other, ct) ? other : null);
        }
        string? phone = null;
        if (!keepPhone && !string.IsNullOrWhiteSpace(body.Phone))
        {
            phone = new string([.. body.Phone.Where(c => !char.IsWhiteSpace(c) && c != '-')]);
            if (phone.Length is < 7 or > 15 || !phone.All(char.IsAsciiDigit)) throw new DomainException("registry.phone", "The phone number must be 7 to 15 digits");
        }

        if (person is null)
        {
            person = new Person { Name = name, AreaCode = area, CreatedAt = now };
            db.Add(person);
        }
        person.Name = name;
        person.AreaCode = area;
        person.HouseholdId = body.HouseholdId;
        person.Address = body.Address?.Trim();
        person.Residence = Enum.IsDefined(body.Residence) ? body.Residence : throw new DomainException("registry.residence", "Unknown residence status");
        person.Political = Enum.IsDefined(body.Political) ? body.Political : throw new DomainException("registry.political", "Unknown political status");
        person.Tags = Person.JoinTags(tags);
        if (!keepId) SetIdNumber(person, pd, idNumber, hash, body.Gender, body.BirthDate);
        if (!keepPhone) SetPhone(person, pd, phone);
        person.UpdatedAt = now;
        person.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (hash is not null)
        {
            throw Duplicate(null); // the same number entered at the same moment elsewhere (unique index)
        }
        return ViewOf(person, await AreaNames.PathNamesAsync(db, [person.AreaCode], ct));
    }

    /// <summary>The same ID number is registered already: the person is named only to those who may see them.</summary>
    static DomainException Duplicate(Guid? visible) => visible is { } v
        ? DomainException.Conflict("registry.person.duplicate", "This ID number is already registered", v)
        : DomainException.Conflict("registry.person.duplicate.elsewhere", "This ID number is already registered outside your area");

    /// <summary>
    /// Sets the encrypted, hashed and masked forms of a valid normalised ID number (or clears them); gender and birth
    /// date come from the ID number when there is one.
    /// </summary>
    internal static void SetIdNumber(Person person, PersonalData pd, string? idNumber, string? hash, Gender? gender, DateOnly? birthDate)
    {
        person.Gender = idNumber is not null ? IdNumber.GenderOf(idNumber) : gender;
        person.BirthDate = idNumber is not null ? IdNumber.BirthDate(idNumber) : birthDate;
        if (idNumber is null) { person.IdNumberCipher = person.IdNumberHash = person.IdNumberMasked = person.IdNumberLast4 = null; }
        else if (person.IdNumberHash != hash)
        {
            person.IdNumberCipher = pd.Protect(idNumber, PersonalData.Field.PersonIdNumber);
            person.IdNumberHash = hash;
            person.IdNumberMasked = IdNumber.Mask(idNumber);
            person.IdNumberLast4 = idNumber[^4..];
        }
    }

    /// <summary>Sets the encrypted and masked forms of a phone number (digits), or clears them.</summary>
    internal static void SetPhone(Person person, PersonalData pd, string? phone)
    {
        if (phone is null) { person.PhoneCipher = person.PhoneMasked = person.PhoneTail = null; return; }
        person.PhoneCipher = pd.Protect(phone, PersonalData.Field.PersonPhone);
        person.PhoneMasked = Masking.Mask(phone);
        person.PhoneTail = phone[^4..];
    }

    public static async Task<Unmasked?> UnmaskAsync(GongzhiDb db, PersonalData pd, TimeProvider clock, Caller caller, Guid id, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 4) throw new DomainException("registry.unmask.reason", "Give the reason (at least 4 characters)");
        var p = await db.Set<Person>().InScope(caller, Permission.RegistryUnmask).AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return null;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = caller.UserId, UserName = caller.UserName, Action = AuditAction.View,
            EntityType = nameof(Person), EntityId = p.Id.ToString(), AreaCode = p.AreaCode, Reason = reason.Trim(), After = "IdNumber, Phone, BirthDate",
        });
        await db.SaveChangesAsync(ct);
        return new Unmasked(p.Id, p.IdNumberCipher is { } c ? pd.Unprotect(c, PersonalData.Field.PersonIdNumber) : null,
            p.PhoneCipher is { } ph ? pd.Unprotect(ph, PersonalData.Field.PersonPhone) : null, p.BirthDate);
    }

    public static async Task<List<HistoryEntry>?> HistoryAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        if (!await Readable(db, caller).AnyAsync(p => p.Id == id, ct)) return null;
        var key = id.ToString();
        return await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Person) && a.EntityId == key)
            .OrderBy(a => a.At).ThenBy(a => a.Id).Select(a => new HistoryEntry(a.At, a.UserName, a.Action, a.Before, a.After, a.Reason)).ToListAsync(ct);
    }
}
