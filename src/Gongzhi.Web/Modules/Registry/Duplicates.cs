using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// De-duplication (RG-4). The same ID number twice is refused when entered (keyed hash, unique index); people collected
/// twice without one, or with a typing difference in the name, are found here as <em>likely</em> duplicates: the same
/// normalised name, birth date and address (or, without an address, the same household, or building when there is no
/// household). A reviewer merges a duplicate into the record to keep.
/// </summary>
public static class Duplicates
{
    /// <summary>A group of likely duplicates, masked; <paramref name="DifferentIdNumbers"/>: two of them carry different
    /// ID numbers, so they cannot be merged (one number may be mistyped: check with the people).</summary>
    public sealed record Group(IReadOnlyList<People.View> People, bool DifferentIdNumbers);

    public sealed record Merge([property: Required] Guid? IntoId, [property: Required, MinLength(2), MaxLength(200)] string Reason);

    public static void Map(RouteGroupBuilder registry)
    {
        var people = registry.MapGroup("/people");
        people.MapGet("/duplicates", async (string? area, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ListAsync(db, caller, area, ct)))
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Likely duplicates in the caller's area (same normalised name, birth date and address, household or building), masked");
        people.MapPost("/{id:guid}/merge", async Task<Results<Ok<People.View>, ProblemHttpResult>> (Guid id, Merge body, GongzhiDb db, TimeProvider clock,
                Caller caller, HttpContext http, CancellationToken ct) =>
                await MergeAsync(db, clock, caller, id, body, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Merge this person into {intoId}: empty fields filled, tags joined, household heads moved, this record deleted; 409 when the ID numbers differ");
    }

    /// <summary>
    /// The key under which two records are taken for the same person, or null when there is too little to tell (no name
    /// or no birth date). Names and addresses are compared after NFKC (full-width letters, digits and spaces become
    /// half-width), without any white space, middle dots or punctuation, case-insensitively.
    /// </summary>
    public static string? DedupeKey(string? name, DateOnly? birthDate, string? address, Guid? householdId, string? areaCode)
    {
        var n = Normalise(name);
        if (n.Length == 0 || birthDate is not { } born) return null;
        var a = Normalise(address);
        var place = a.Length > 0 ? "a:" + a
            : householdId is { } h ? "h:" + h.ToString("N")
            : !string.IsNullOrWhiteSpace(areaCode) ? "b:" + areaCode.Trim()
            : null;
        return place is null ? null : string.Join('|', n, born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), place);
    }

    /// <summary>NFKC, then letters and digits only (white space of any width, dots and dashes dropped), lower case.</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>Groups of two or more people in the caller's write scope (under <paramref name="area"/>) with the same key.</summary>
    public static async Task<List<Group>> ListAsync(GongzhiDb db, Caller caller, string? area, CancellationToken ct)
    {
        var query = db.Set<Person>().InScope(caller, Permission.RegistryWrite).AsNoTracking().Where(p => p.BirthDate != null);
        if (!string.IsNullOrWhiteSpace(area)) { var t = area.Trim(); query = query.Where(p => p.AreaCode.StartsWith(t)); }
        // Only the columns the key needs: the normalisation is not SQL, so the grouping runs here.
        var rows = await query.Select(p => new { p.Id, p.Name, p.BirthDate, p.Address, p.HouseholdId, p.AreaCode, p.IdNumberHash }).ToListAsync(ct);
        var groups = rows.GroupBy(r => DedupeKey(r.Name, r.BirthDate, r.Address, r.HouseholdId, r.AreaCode))
            .Where(g => g.Key is not null && g.Count() > 1).Take(200).ToList();
        if (groups.Count == 0) return [];
        var ids = groups.SelectMany(g => g.Select(r => r.Id)).ToList();
        var views = (await People.ViewsAsync(db, db.Set<Person>().AsNoTracking().Where(p => ids.Contains(p.Id)), ct)).ToDictionary(v => v.Id);
        return [.. groups.Select(g => new Group(
                [.. g.OrderBy(r => r.IdNumberHash is null).ThenBy(r => r.Id).Select(r => views[r.Id])],
                g.Select(r => r.IdNumberHash).OfType<string>().Distinct().Count() > 1))
            .OrderBy(g => g.People[0].Name, StringComparer.Ordinal).ThenBy(g => g.People[0].Id)];
    }

    /// <summary>
    /// Merges person <paramref name="id"/> into <c>IntoId</c>: the kept record's empty fields are filled from the other
    /// (ID number, phone, gender, birth date, address, household — or the building, when the kept record knows only the
    /// grid), the tags joined, households headed by the other now headed by the kept one, the other deleted. Both must be
    /// in the caller's write scope (else null: 404). Different ID numbers are refused (409). The audit log has the
    /// changes, and the kept record's history a line naming the merged record with the reason.
    /// </summary>
    public static async Task<People.View?> MergeAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, Merge body, CancellationToken ct)
    {
        var reason = body.Reason?.Trim() ?? "";
        if (reason.Length < 2) throw new DomainException("registry.merge.reason", "Give the reason for the merge");
        if (body.IntoId is not { } intoId) throw new DomainException("registry.merge.into", "Name the record to keep");
        if (id == intoId) throw new DomainException("registry.merge.self", "A record cannot be merged into itself");
        var both = await db.Set<Person>().InScope(caller, Permission.RegistryWrite).Where(p => p.Id == id || p.Id == intoId).ToListAsync(ct);
        if (both.SingleOrDefault(p => p.Id == id) is not { } gone || both.SingleOrDefault(p => p.Id == intoId) is not { } kept) return null;
        if (gone.IdNumberHash is not null && kept.IdNumberHash is not null && gone.IdNumberHash != kept.IdNumberHash)
            throw DomainException.Conflict("registry.merge.idnumber", "The two records have different ID numbers: they are not the same person");

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The ID number moves from one row to the other: the deleted row must release it first (unique index).
        var moveId = kept.IdNumberHash is null && gone.IdNumberHash is not null;
        var (cipher, hash, masked, last4) = (gone.IdNumberCipher, gone.IdNumberHash, gone.IdNumberMasked, gone.IdNumberLast4);
        foreach (var h in await db.Set<Household>().Where(h => h.HeadPersonId == gone.Id).ToListAsync(ct))
        {
            h.HeadPersonId = kept.Id;
            h.Version = Guid.NewGuid();
        }
        var goneName = gone.Name;
        var goneMasked = gone.IdNumberMasked;
        db.Remove(gone);
        await db.SaveChangesAsync(ct);

        if (moveId) (kept.IdNumberCipher, kept.IdNumberHash, kept.IdNumberMasked, kept.IdNumberLast4) = (cipher, hash, masked, last4);
        if (kept.PhoneCipher is null && gone.PhoneCipher is not null)
            (kept.PhoneCipher, kept.PhoneMasked, kept.PhoneTail) = (gone.PhoneCipher, gone.PhoneMasked, gone.PhoneTail);
        if (moveId) (kept.Gender, kept.BirthDate) = (gone.Gender, gone.BirthDate); // as the ID number says
        kept.Gender ??= gone.Gender;
        kept.BirthDate ??= gone.BirthDate;
        if (string.IsNullOrWhiteSpace(kept.Address) && !string.IsNullOrWhiteSpace(gone.Address)) kept.Address = gone.Address;
        if (kept.AreaCode.Length == 15 && gone.AreaCode.Length == 18 && gone.AreaCode.StartsWith(kept.AreaCode, StringComparison.Ordinal))
        {
            kept.AreaCode = gone.AreaCode; // the building is known now
            kept.HouseholdId ??= gone.HouseholdId;
        }
        else if (kept.HouseholdId is null && gone.HouseholdId is not null && gone.AreaCode == kept.AreaCode) kept.HouseholdId = gone.HouseholdId;
        kept.Tags = Person.JoinTags(kept.TagList.Concat(gone.TagList));
        kept.UpdatedAt = now;
        kept.Version = Guid.NewGuid();
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, UserId = caller.UserId, UserName = caller.UserName, Action = AuditAction.Update,
            EntityType = nameof(Person), EntityId = kept.Id.ToString(), AreaCode = kept.AreaCode, Reason = reason,
            After = JsonSerializer.Serialize(new Dictionary<string, string?> { ["MergedFrom"] = gone.Id.ToString(), ["MergedName"] = goneName, ["MergedIdNumber"] = goneMasked },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await People.GetAsync(db, caller, kept.Id, ct);
    }
}
