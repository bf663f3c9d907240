using Gongzhi.Web.Platform.Http;

namespace Gongzhi.Web.Modules.Party;

/// <summary>Where each kind of organisation sits on the area tree and under which parent (AR-4). Pure.</summary>
public static class OrgRules
{
    /// <summary>The area code lengths a kind may have: street 9, community 12, grid 15, building 18; 两新/驻区 15 or 18.</summary>
    public static IReadOnlyList<int> AreaLengths(PartyOrgKind kind) => kind switch
    {
        PartyOrgKind.StreetWorkingCommittee => [9],
        PartyOrgKind.CommunityCommittee => [12],
        PartyOrgKind.GridBranch => [15],
        PartyOrgKind.BuildingGroup => [18],
        PartyOrgKind.NewEconomicOrg or PartyOrgKind.StationedUnitOrg => [15, 18],
        _ => [],
    };

    /// <summary>The kind of parent a kind needs (null: a root, the street working committee).</summary>
    public static PartyOrgKind? ParentKind(PartyOrgKind kind) => kind switch
    {
        PartyOrgKind.StreetWorkingCommittee => null,
        PartyOrgKind.CommunityCommittee => PartyOrgKind.StreetWorkingCommittee,
        PartyOrgKind.GridBranch => PartyOrgKind.CommunityCommittee,
        PartyOrgKind.BuildingGroup => PartyOrgKind.GridBranch,
        _ => PartyOrgKind.CommunityCommittee, // 两新 and 驻区 units: member units of the community's 大党委
    };

    /// <summary>
    /// The code of what is wrong with an organisation of <paramref name="kind"/> at <paramref name="area"/> under a parent
    /// (null when there is none), or null when it fits: the area's level must match the kind
    /// (<c>party.org.level</c>); the parent must be of the kind above (<c>party.org.parent</c>; a missing one
    /// <c>party.org.parent.required</c>) and its area must contain this one (a community committee under its street's
    /// working committee, a branch under its community's committee, a group under its grid's branch).
    /// </summary>
    public static string? Check(PartyOrgKind kind, string area, PartyOrgKind? parentKind, string? parentArea)
    {
        if (!Enum.IsDefined(kind)) return "party.org.kind";
        if (!AreaLengths(kind).Contains(area.Length) || !area.All(char.IsAsciiDigit)) return "party.org.level";
        var wanted = ParentKind(kind);
        if (wanted is null) return parentKind is null ? null : "party.org.parent";
        if (parentKind is null || parentArea is null) return "party.org.parent.required";
        if (parentKind != wanted) return "party.org.parent";
        var expected = area[..AreaLengths(wanted.Value)[0]];
        return parentArea == expected ? null : "party.org.parent";
    }
}

/// <summary>Monthly or quarterly.</summary>
public enum Cadence { Monthly = 1, Quarterly = 3 }

/// <summary>
/// The meeting schedule of 三会一课 (PT-2). Pure. What an organisation owes, by kind:
/// <list type="bullet">
/// <item>网格党支部 and the organisations of 两新/驻区 units (branch level): 支部党员大会 quarterly, 支委会 monthly,
/// 党课 quarterly (书记讲坛 counts), 主题党日 monthly;</item>
/// <item>楼栋党小组: 党小组会 monthly;</item>
/// <item>社区大党委: 委员会会议 (支委会 kind) monthly, 党课 quarterly;</item>
/// <item>街道党工委: 委员会会议 monthly.</item>
/// </list>
/// A kind is <b>due</b> when none of it has been held in the current period (the calendar month, or the calendar
/// quarter, holding <c>today</c>). An organisation is <b>behind</b> on a kind when none was held in the previous
/// period (the last complete month or quarter) and none has been held yet in the current period to make up for it;
/// a previous period that began before the organisation was established does not count. Dates are China Standard Time days.
/// </summary>
public static class MeetingSchedule
{
    public sealed record Requirement(MeetingKind Kind, Cadence Cadence);

    public sealed record KindStatus(MeetingKind Kind, Cadence Cadence, DateOnly PeriodStart, DateOnly PeriodEnd, bool HeldThisPeriod, bool Due, bool Behind);

    public static IReadOnlyList<Requirement> Required(PartyOrgKind kind) => kind switch
    {
        PartyOrgKind.GridBranch or PartyOrgKind.NewEconomicOrg or PartyOrgKind.StationedUnitOrg =>
            [new(MeetingKind.GeneralMeeting, Cadence.Quarterly), new(MeetingKind.CommitteeMeeting, Cadence.Monthly),
             new(MeetingKind.PartyLecture, Cadence.Quarterly), new(MeetingKind.ThemeDay, Cadence.Monthly)],
        PartyOrgKind.BuildingGroup => [new(MeetingKind.GroupMeeting, Cadence.Monthly)],
        PartyOrgKind.CommunityCommittee => [new(MeetingKind.CommitteeMeeting, Cadence.Monthly), new(MeetingKind.PartyLecture, Cadence.Quarterly)],
        PartyOrgKind.StreetWorkingCommittee => [new(MeetingKind.CommitteeMeeting, Cadence.Monthly)],
        _ => [],
    };

    /// <summary>The kinds an organisation may hold: a 党小组会 only in a group; a 支部党员大会 not in a group; the rest anywhere.</summary>
    public static bool Allowed(PartyOrgKind org, MeetingKind meeting) => meeting switch
    {
        MeetingKind.GroupMeeting => org == PartyOrgKind.BuildingGroup,
        MeetingKind.GeneralMeeting => org != PartyOrgKind.BuildingGroup,
        _ => Enum.IsDefined(meeting),
    };

    /// <summary>The kind a held meeting counts as (书记讲坛 is a 党课).</summary>
    public static MeetingKind CountsAs(MeetingKind kind) => kind == MeetingKind.SecretaryLecture ? MeetingKind.PartyLecture : kind;

    public static DateOnly PeriodStart(DateOnly day, Cadence cadence) =>
        cadence == Cadence.Monthly ? new(day.Year, day.Month, 1) : new(day.Year, (day.Month - 1) / 3 * 3 + 1, 1);

    /// <summary>The state of every required kind for an organisation as of <paramref name="today"/>, given the days meetings were held.</summary>
    public static IReadOnlyList<KindStatus> Evaluate(PartyOrgKind kind, DateOnly established, IEnumerable<(MeetingKind Kind, DateOnly HeldOn)> held, DateOnly today)
    {
        var days = held.Select(h => (Kind: CountsAs(h.Kind), h.HeldOn)).ToList();
        var result = new List<KindStatus>();
        foreach (var r in Required(kind))
        {
            var start = PeriodStart(today, r.Cadence);
            var end = start.AddMonths((int)r.Cadence).AddDays(-1);
            var previous = start.AddMonths(-(int)r.Cadence);
            var heldNow = days.Any(d => d.Kind == r.Kind && d.HeldOn >= start && d.HeldOn <= today);
            var heldBefore = days.Any(d => d.Kind == r.Kind && d.HeldOn >= previous && d.HeldOn < start);
            var counts = established <= previous;
            result.Add(new(r.Kind, r.Cadence, start, end, heldNow, !heldNow, counts && !heldBefore && !heldNow));
        }
        return result;
    }
}

/// <summary>党费 (PT-7, part): the monthly dues of a member from their monthly income. Pure.</summary>
public static class Dues
{
    /// <summary>
    /// The rate of the whole monthly income (after tax): up to 3,000 yuan 0.5 %; above 3,000 up to 5,000 1 %; above
    /// 5,000 up to 10,000 1.5 %; above 10,000 2 %. The boundary belongs to the lower band (3,000.00 → 0.5 %).
    /// </summary>
    public static decimal Rate(decimal income) => income switch
    {
        < 0 => throw new DomainException("party.dues.income", "The income cannot be negative"),
        <= 3000m => 0.005m,
        <= 5000m => 0.01m,
        <= 10000m => 0.015m,
        _ => 0.02m,
    };

    /// <summary>The monthly dues in yuan, rounded to the fen (half away from zero). Negative income → 422.</summary>
    public static decimal Monthly(decimal income) => Math.Round(income * Rate(income), 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Coverage (PT-5): the blind spots (盲点/空白点) of the party organisation over an area. Pure. Lists:
/// grids without a 网格党支部; buildings with households and without a 楼栋党小组; 两新 organisations with at least three
/// party members and no party organisation (neither the registry's flag nor a party organisation linked to them);
/// active members sitting directly in a 网格党支部 rather than in one of its groups ("without a group"); and
/// organisations flagged 软弱涣散.
/// </summary>
public static class Coverage
{
    public sealed record Area(string Code, string Name, int Households);
    public sealed record Org(Guid Id, PartyOrgKind Kind, string Name, string AreaCode, bool Weak, Guid? RegistryOrganisationId);
    public sealed record Member(Guid Id, string Name, Guid OrgId, MemberStatus Status);
    public sealed record Unit(Guid Id, string Name, string AreaCode, bool NewEconomic, int PartyMembers, bool HasPartyOrganisation);

    public sealed record Result(int Grids, int Buildings, int Units, int Members,
        IReadOnlyList<Area> GridsWithoutBranch, IReadOnlyList<Area> BuildingsWithoutGroup, IReadOnlyList<Unit> UnitsWithoutOrg,
        IReadOnlyList<Member> MembersWithoutGroup, IReadOnlyList<Org> WeakOrgs);

    public const int UnitThreshold = 3;

    public static Result Compute(IReadOnlyList<Area> areas, IReadOnlyList<Org> orgs, IReadOnlyList<Member> members, IReadOnlyList<Unit> units)
    {
        var grids = areas.Where(a => a.Code.Length == 15).ToList();
        var buildings = areas.Where(a => a.Code.Length == 18 && a.Households > 0).ToList();
        var branchAreas = orgs.Where(o => o.Kind == PartyOrgKind.GridBranch).Select(o => o.AreaCode).ToHashSet();
        var groupAreas = orgs.Where(o => o.Kind == PartyOrgKind.BuildingGroup).Select(o => o.AreaCode).ToHashSet();
        var linked = orgs.Where(o => o.RegistryOrganisationId is not null).Select(o => o.RegistryOrganisationId!.Value).ToHashSet();
        var branches = orgs.Where(o => o.Kind == PartyOrgKind.GridBranch).Select(o => o.Id).ToHashSet();
        var active = members.Where(m => m.Status != MemberStatus.TransferredOut).ToList();
        var newEconomic = units.Where(u => u.NewEconomic).ToList();
        return new(grids.Count, buildings.Count, newEconomic.Count, active.Count,
            [.. grids.Where(g => !branchAreas.Contains(g.Code))],
            [.. buildings.Where(b => !groupAreas.Contains(b.Code))],
            [.. newEconomic.Where(u => u.PartyMembers >= UnitThreshold && !u.HasPartyOrganisation && !linked.Contains(u.Id))],
            [.. active.Where(m => branches.Contains(m.OrgId))],
            [.. orgs.Where(o => o.Weak)]);
    }
}
