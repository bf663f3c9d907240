using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry.Public;

/// <summary>A person of the registry as the Party module sees one: no personal numbers.</summary>
public sealed record PersonRef(Guid Id, string Name, string AreaCode);

/// <summary>People of the registry for other modules (the Party module links its members to them by id).</summary>
public static class RegistryPeople
{
    /// <summary>People under <paramref name="prefix"/> whose 政治面貌 is party member or probationary member, by area and name.</summary>
    public static Task<List<PersonRef>> PartyMembersAsync(GongzhiDb db, string prefix, CancellationToken ct) =>
        db.Set<Person>().AsNoTracking()
            .Where(p => p.AreaCode.StartsWith(prefix) && (p.Political == Political.PartyMember || p.Political == Political.ProbationaryMember))
            .OrderBy(p => p.AreaCode).ThenBy(p => p.Name).Select(p => new PersonRef(p.Id, p.Name, p.AreaCode)).ToListAsync(ct);

    /// <summary>Whether the registry has this person.</summary>
    public static Task<bool> ExistsAsync(GongzhiDb db, Guid id, CancellationToken ct) => db.Set<Person>().AnyAsync(p => p.Id == id, ct);
}
