using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry.Public;

/// <summary>A household of the registry as other modules see one: its building (18 digits) and room, nobody's personal data.</summary>
public sealed record HouseholdRef(Guid Id, string BuildingCode, string Room);

/// <summary>Households and where people live, for other modules (the Party module's 联户党员 and 代理服务 targets).</summary>
public static class RegistryHouseholds
{
    /// <summary>The households with these ids that exist (missing ids are left out).</summary>
    public static async Task<Dictionary<Guid, HouseholdRef>> GetAsync(GongzhiDb db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0) return [];
        return await db.Set<Household>().AsNoTracking().Where(h => list.Contains(h.Id))
            .Select(h => new HouseholdRef(h.Id, h.AreaCode, h.Room)).ToDictionaryAsync(h => h.Id, ct);
    }

    /// <summary>The households of a building, by room.</summary>
    public static Task<List<HouseholdRef>> OfBuildingAsync(GongzhiDb db, string building, CancellationToken ct) =>
        db.Set<Household>().AsNoTracking().Where(h => h.AreaCode == building).OrderBy(h => h.Room)
            .Select(h => new HouseholdRef(h.Id, h.AreaCode, h.Room)).ToListAsync(ct);

    /// <summary>The area code of a registry person (where they live), or null when there is no such person.</summary>
    public static Task<PersonRef?> PersonAsync(GongzhiDb db, Guid id, CancellationToken ct) =>
        db.Set<Person>().AsNoTracking().Where(p => p.Id == id).Select(p => new PersonRef(p.Id, p.Name, p.AreaCode)).SingleOrDefaultAsync(ct);

    /// <summary>The first <paramref name="take"/> people living under an area, by area and name (no personal numbers).</summary>
    public static Task<List<PersonRef>> PeopleUnderAsync(GongzhiDb db, string prefix, int take, CancellationToken ct) =>
        db.Set<Person>().AsNoTracking().Where(p => p.AreaCode.StartsWith(prefix)).OrderBy(p => p.AreaCode).ThenBy(p => p.Name).Take(take)
            .Select(p => new PersonRef(p.Id, p.Name, p.AreaCode)).ToListAsync(ct);
}
