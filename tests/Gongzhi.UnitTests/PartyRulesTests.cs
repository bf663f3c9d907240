using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Platform.Http;

namespace Gongzhi.UnitTests;

/// <summary>The pure rules of the Party module: dues bands, the meeting schedule, coverage, the tree on the area tree.</summary>
public sealed class PartyRulesTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("2999.99", "15.00")]
    [InlineData("3000", "15.00")]        // the boundary belongs to the lower band: 0.5 %
    [InlineData("3000.01", "30.00")]     // 1 % of the whole income
    [InlineData("5000", "50.00")]
    [InlineData("5000.01", "75.00")]     // 1.5 %
    [InlineData("10000", "150.00")]
    [InlineData("10000.01", "200.00")]   // 2 %
    [InlineData("25000", "500.00")]
    [InlineData("1234.5", "6.17")]       // 6.1725 → rounded to the fen
    public void Dues_follow_the_four_bands_with_the_boundary_in_the_lower_band(string income, string expected) =>
        Dues.Monthly(decimal.Parse(income, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Dues_rates_at_the_boundaries()
    {
        Dues.Rate(3000m).Should().Be(0.005m);
        Dues.Rate(3000.01m).Should().Be(0.01m);
        Dues.Rate(5000m).Should().Be(0.01m);
        Dues.Rate(5000.01m).Should().Be(0.015m);
        Dues.Rate(10000m).Should().Be(0.015m);
        Dues.Rate(10000.01m).Should().Be(0.02m);
    }

    [Fact]
    public void A_negative_income_is_a_broken_rule()
    {
        var act = () => Dues.Monthly(-0.01m);
        act.Should().Throw<DomainException>().Which.Code.Should().Be("party.dues.income");
    }

    static readonly DateOnly Established = new(2020, 1, 1);

    static MeetingSchedule.KindStatus Of(IReadOnlyList<MeetingSchedule.KindStatus> s, MeetingKind k) => s.Single(x => x.Kind == k);

    [Fact]
    public void A_branch_owes_general_meetings_and_lectures_quarterly_committee_meetings_and_theme_days_monthly()
    {
        MeetingSchedule.Required(PartyOrgKind.GridBranch).Select(r => (r.Kind, r.Cadence)).Should().BeEquivalentTo(new[]
        {
            (MeetingKind.GeneralMeeting, Cadence.Quarterly), (MeetingKind.CommitteeMeeting, Cadence.Monthly),
            (MeetingKind.PartyLecture, Cadence.Quarterly), (MeetingKind.ThemeDay, Cadence.Monthly),
        });
        MeetingSchedule.Required(PartyOrgKind.BuildingGroup).Select(r => r.Kind).Should().Equal(MeetingKind.GroupMeeting);
        MeetingSchedule.Allowed(PartyOrgKind.BuildingGroup, MeetingKind.GeneralMeeting).Should().BeFalse();
        MeetingSchedule.Allowed(PartyOrgKind.GridBranch, MeetingKind.GroupMeeting).Should().BeFalse();
        MeetingSchedule.Allowed(PartyOrgKind.GridBranch, MeetingKind.SecretaryLecture).Should().BeTrue();
    }

    [Fact]
    public void Everything_is_due_in_a_new_period_and_nothing_is_behind_when_the_last_period_was_kept()
    {
        var today = new DateOnly(2026, 11, 20);
        var held = new[]
        {
            (MeetingKind.GeneralMeeting, new DateOnly(2026, 8, 15)), (MeetingKind.PartyLecture, new DateOnly(2026, 9, 30)),
            (MeetingKind.CommitteeMeeting, new DateOnly(2026, 10, 31)), (MeetingKind.ThemeDay, new DateOnly(2026, 10, 1)),
        };
        var s = MeetingSchedule.Evaluate(PartyOrgKind.GridBranch, Established, held, today);
        s.Should().OnlyContain(k => k.Due && !k.Behind && !k.HeldThisPeriod);
        Of(s, MeetingKind.GeneralMeeting).PeriodStart.Should().Be(new DateOnly(2026, 10, 1));
        Of(s, MeetingKind.GeneralMeeting).PeriodEnd.Should().Be(new DateOnly(2026, 12, 31));
        Of(s, MeetingKind.CommitteeMeeting).PeriodStart.Should().Be(new DateOnly(2026, 11, 1));
        Of(s, MeetingKind.CommitteeMeeting).PeriodEnd.Should().Be(new DateOnly(2026, 11, 30));
    }

    [Fact]
    public void A_missed_period_is_behind_until_made_up_in_the_current_one()
    {
        var today = new DateOnly(2026, 11, 20);
        // No general meeting in Q3 (July–September): behind, and due.
        var s = MeetingSchedule.Evaluate(PartyOrgKind.GridBranch, Established, [(MeetingKind.GeneralMeeting, new DateOnly(2026, 6, 30))], today);
        Of(s, MeetingKind.GeneralMeeting).Behind.Should().BeTrue();
        Of(s, MeetingKind.CommitteeMeeting).Behind.Should().BeTrue("no committee meeting in October");
        // One held today makes up for it.
        s = MeetingSchedule.Evaluate(PartyOrgKind.GridBranch, Established, [(MeetingKind.GeneralMeeting, today), (MeetingKind.CommitteeMeeting, new DateOnly(2026, 11, 1))], today);
        Of(s, MeetingKind.GeneralMeeting).Should().Match<MeetingSchedule.KindStatus>(k => !k.Behind && !k.Due && k.HeldThisPeriod);
        Of(s, MeetingKind.CommitteeMeeting).Behind.Should().BeFalse();
        // Meetings after today do not count (the API refuses them anyway).
        s = MeetingSchedule.Evaluate(PartyOrgKind.GridBranch, Established, [(MeetingKind.ThemeDay, today.AddDays(1))], today);
        Of(s, MeetingKind.ThemeDay).HeldThisPeriod.Should().BeFalse();
    }

    [Fact]
    public void A_secretary_lecture_counts_as_a_party_lecture()
    {
        var today = new DateOnly(2026, 11, 20);
        var s = MeetingSchedule.Evaluate(PartyOrgKind.GridBranch, Established, [(MeetingKind.SecretaryLecture, new DateOnly(2026, 8, 1))], today);
        Of(s, MeetingKind.PartyLecture).Behind.Should().BeFalse();
        Of(s, MeetingKind.PartyLecture).Due.Should().BeTrue();
    }

    [Fact]
    public void A_period_that_began_before_the_organisation_was_established_does_not_count()
    {
        var today = new DateOnly(2026, 11, 20);
        var s = MeetingSchedule.Evaluate(PartyOrgKind.GridBranch, new DateOnly(2026, 10, 2), [], today);
        Of(s, MeetingKind.CommitteeMeeting).Behind.Should().BeFalse("October began before 2 October");
        Of(s, MeetingKind.GeneralMeeting).Behind.Should().BeFalse();
        s = MeetingSchedule.Evaluate(PartyOrgKind.GridBranch, new DateOnly(2026, 10, 1), [], today);
        Of(s, MeetingKind.CommitteeMeeting).Behind.Should().BeTrue("established on the first day of October");
        Of(s, MeetingKind.GeneralMeeting).Behind.Should().BeFalse("Q3 began before");
    }

    [Fact]
    public void January_looks_back_at_december_and_the_fourth_quarter()
    {
        var s = MeetingSchedule.Evaluate(PartyOrgKind.BuildingGroup, Established, [(MeetingKind.GroupMeeting, new DateOnly(2026, 12, 31))], new DateOnly(2027, 1, 3));
        Of(s, MeetingKind.GroupMeeting).Should().Match<MeetingSchedule.KindStatus>(k => !k.Behind && k.Due);
        MeetingSchedule.PeriodStart(new DateOnly(2027, 3, 31), Cadence.Quarterly).Should().Be(new DateOnly(2027, 1, 1));
        MeetingSchedule.PeriodStart(new DateOnly(2026, 12, 1), Cadence.Quarterly).Should().Be(new DateOnly(2026, 10, 1));
    }

    [Theory]
    [InlineData(PartyOrgKind.StreetWorkingCommittee, "320105001", null, null, null)]
    [InlineData(PartyOrgKind.StreetWorkingCommittee, "320105001001", null, null, "party.org.level")]
    [InlineData(PartyOrgKind.CommunityCommittee, "320105001001", PartyOrgKind.StreetWorkingCommittee, "320105001", null)]
    [InlineData(PartyOrgKind.CommunityCommittee, "320105001001", PartyOrgKind.StreetWorkingCommittee, "320105002", "party.org.parent")]
    [InlineData(PartyOrgKind.CommunityCommittee, "320105001001", null, null, "party.org.parent.required")]
    [InlineData(PartyOrgKind.GridBranch, "320105001001001", PartyOrgKind.CommunityCommittee, "320105001001", null)]
    [InlineData(PartyOrgKind.GridBranch, "320105001001001", PartyOrgKind.StreetWorkingCommittee, "320105001", "party.org.parent")]
    [InlineData(PartyOrgKind.GridBranch, "320105001001", PartyOrgKind.CommunityCommittee, "320105001001", "party.org.level")]
    [InlineData(PartyOrgKind.BuildingGroup, "320105001001001001", PartyOrgKind.GridBranch, "320105001001001", null)]
    [InlineData(PartyOrgKind.BuildingGroup, "320105001001002001", PartyOrgKind.GridBranch, "320105001001001", "party.org.parent")]
    [InlineData(PartyOrgKind.NewEconomicOrg, "320105001001001", PartyOrgKind.CommunityCommittee, "320105001001", null)]
    [InlineData(PartyOrgKind.StationedUnitOrg, "320105001001001001", PartyOrgKind.CommunityCommittee, "320105001001", null)]
    [InlineData(PartyOrgKind.StationedUnitOrg, "320105001", PartyOrgKind.CommunityCommittee, "320105001001", "party.org.level")]
    [InlineData(PartyOrgKind.NewEconomicOrg, "320105001002001", PartyOrgKind.CommunityCommittee, "320105001001", "party.org.parent")]
    public void The_tree_is_mapped_on_the_area_tree(PartyOrgKind kind, string area, PartyOrgKind? parentKind, string? parentArea, string? expected) =>
        OrgRules.Check(kind, area, parentKind, parentArea).Should().Be(expected);

    [Fact]
    public void Coverage_lists_every_kind_of_blind_spot()
    {
        var branch = new Coverage.Org(Guid.NewGuid(), PartyOrgKind.GridBranch, "第1网格党支部", "320105001001001", false, null);
        var group = new Coverage.Org(Guid.NewGuid(), PartyOrgKind.BuildingGroup, "1-1栋党小组", "320105001001001001", false, null);
        var weak = new Coverage.Org(Guid.NewGuid(), PartyOrgKind.GridBranch, "第3网格党支部", "320105001001003", true, null);
        var linkedUnit = Guid.NewGuid();
        var unitOrg = new Coverage.Org(Guid.NewGuid(), PartyOrgKind.NewEconomicOrg, "某公司党支部", "320105001001001", false, linkedUnit);
        var areas = new Coverage.Area[]
        {
            new("320105001001001", "第1网格", 300), new("320105001001002", "第2网格", 300), new("320105001001003", "第3网格", 300),
            new("320105001001001001", "1-1栋", 40), new("320105001001001002", "1-2栋", 40), new("320105001001001003", "1-3栋", 0),
        };
        var inGroup = new Coverage.Member(Guid.NewGuid(), "甲", group.Id, MemberStatus.Regular);
        var inBranch = new Coverage.Member(Guid.NewGuid(), "乙", branch.Id, MemberStatus.Probationary);
        var gone = new Coverage.Member(Guid.NewGuid(), "丙", branch.Id, MemberStatus.TransferredOut);
        var inUnit = new Coverage.Member(Guid.NewGuid(), "丁", unitOrg.Id, MemberStatus.Regular);
        var units = new Coverage.Unit[]
        {
            new(Guid.NewGuid(), "缺口公司", "320105001001002", true, 3, false),    // a blank spot
            new(Guid.NewGuid(), "小公司", "320105001001002", true, 2, false),      // below the threshold
            new(Guid.NewGuid(), "已建公司", "320105001001002", true, 8, true),     // has one (registry flag)
            new(linkedUnit, "已链接公司", "320105001001001", true, 5, false),      // has one (a party organisation linked)
            new(Guid.NewGuid(), "物业", "320105001001002", false, 9, false),       // not 两新
        };
        var r = Coverage.Compute(areas, [branch, group, weak, unitOrg], [inGroup, inBranch, gone, inUnit], units);
        r.Grids.Should().Be(3);
        r.GridsWithoutBranch.Select(g => g.Code).Should().Equal("320105001001002");
        r.Buildings.Should().Be(2, "a building without households is not counted");
        r.BuildingsWithoutGroup.Select(b => b.Code).Should().Equal("320105001001001002");
        r.UnitsWithoutOrg.Select(u => u.Name).Should().Equal("缺口公司");
        r.Units.Should().Be(4);
        r.MembersWithoutGroup.Select(m => m.Name).Should().Equal("乙");
        r.Members.Should().Be(3);
        r.WeakOrgs.Select(o => o.Name).Should().Equal("第3网格党支部");
    }
}
