using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry.Public;

/// <summary>An organisation as the Party module's coverage (PT-5) sees it: no contact data.</summary>
public sealed record OrganisationCoverage(Guid Id, string Name, OrganisationKind Kind, string AreaCode, int PartyMembers, bool HasPartyOrganisation, bool PartyGap);

/// <summary>Organisations of the registry for other modules (AR-4 member units, PT-5 coverage of 两新 organisations).</summary>
public static class RegistryOrganisations
{
    /// <summary>
    /// The organisations under <paramref name="prefixes"/> (a caller's scope, see <see cref="Caller.ScopeFor(Permission)"/>),
    /// optionally of one kind or only the blank spots (两新, ≥3 party members, no party organisation), by area code and name.
    /// </summary>
    public static Task<List<OrganisationCoverage>> ListAsync(GongzhiDb db, IReadOnlyList<string> prefixes, OrganisationKind? kind = null, bool gapsOnly = false,
        CancellationToken ct = default)
    {
        var query = db.Set<Organisation>().AsNoTracking().InScope(prefixes, o => o.AreaCode);
        if (kind is { } k) query = query.Where(o => o.Kind == k);
        if (gapsOnly) query = query.Where(Organisations.PartyGap);
        return query.OrderBy(o => o.AreaCode).ThenBy(o => o.Name)
            .Select(o => new OrganisationCoverage(o.Id, o.Name, o.Kind, o.AreaCode, o.PartyMembers, o.HasPartyOrganisation,
                o.Kind == OrganisationKind.NewEconomic && o.PartyMembers >= Organisation.PartyOrganisationThreshold && !o.HasPartyOrganisation))
            .ToListAsync(ct);
    }

    /// <summary>The organisation's area code, or null when the registry has no such organisation.</summary>
    public static Task<string?> AreaOfAsync(GongzhiDb db, Guid id, CancellationToken ct) =>
        db.Set<Organisation>().AsNoTracking().Where(o => o.Id == id).Select(o => o.AreaCode).SingleOrDefaultAsync(ct);
}
