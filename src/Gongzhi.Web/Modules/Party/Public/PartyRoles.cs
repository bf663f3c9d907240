using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party.Public;

/// <summary>A member linked to a household by a pioneer role (联户党员 or 双联户), for the registry's household view.</summary>
public sealed record HouseholdPartyLink(Guid MemberId, string MemberName, PioneerKind Kind);

/// <summary>Pioneer roles as other modules see them.</summary>
public static class PartyRoles
{
    /// <summary>The active members who link this household (联户党员, 双联户), by name.</summary>
    public static async Task<List<HouseholdPartyLink>> ForHouseholdAsync(GongzhiDb db, Guid householdId, CancellationToken ct)
    {
        var key = householdId.ToString();
        var roles = await db.Set<PartyRole>().AsNoTracking()
            .Where(r => (r.Kind == PioneerKind.LinkedHouseholds || r.Kind == PioneerKind.DoubleLinked) && r.Households.Contains(key))
            .Select(r => new { r.MemberId, r.Kind }).ToListAsync(ct);
        var ids = roles.Select(r => r.MemberId).Distinct().ToList();
        var members = ids.Count == 0 ? [] : await db.Set<PartyMember>().AsNoTracking().Where(m => ids.Contains(m.Id) && m.Status != MemberStatus.TransferredOut)
            .ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return [.. roles.Where(r => members.ContainsKey(r.MemberId)).Select(r => new HouseholdPartyLink(r.MemberId, members[r.MemberId], r.Kind)).OrderBy(l => l.MemberName)];
    }
}
