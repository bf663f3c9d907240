using Gongzhi.Web.Modules.Party;

namespace Gongzhi.UnitTests;

/// <summary>PT-7 activity funds (<see cref="FundRules"/>) and PT-3 learning hours (<see cref="LearningRules"/>).</summary>
public sealed class PartyFundsRulesTests
{
    const string Building = "320105001001001001", Grid = "320105001001001", Community = "320105001001", Street = "320105001";

    [Theory]
    [InlineData(PartyOrgKind.BuildingGroup, Building, Community)]
    [InlineData(PartyOrgKind.GridBranch, Grid, Community)]
    [InlineData(PartyOrgKind.NewEconomicOrg, Building, Community)]
    [InlineData(PartyOrgKind.StationedUnitOrg, Grid, Community)]
    [InlineData(PartyOrgKind.CommunityCommittee, Community, Street)]
    [InlineData(PartyOrgKind.StreetWorkingCommittee, Street, "320105")]
    public void The_level_above_approves(PartyOrgKind kind, string area, string approver) =>
        FundRules.ApproverArea(kind, area).Should().Be(approver);

    [Fact]
    public void Nobody_approves_their_own_organisations_plan_nor_one_they_submitted()
    {
        // The community secretary approves a branch's plan, not the 大党委's own (the street does), nor the street's.
        FundRules.CheckApprover(PartyOrgKind.GridBranch, Grid, [Community], "sec", "branch-sec").Should().BeNull();
        FundRules.CheckApprover(PartyOrgKind.BuildingGroup, Building, [Community], "sec", "x").Should().BeNull();
        FundRules.CheckApprover(PartyOrgKind.CommunityCommittee, Community, [Community], "sec", "x").Should().Be("party.funds.approver");
        FundRules.CheckApprover(PartyOrgKind.CommunityCommittee, Community, [Street], "street", "sec").Should().BeNull();
        FundRules.CheckApprover(PartyOrgKind.StreetWorkingCommittee, Street, [Street], "street", "x").Should().Be("party.funds.approver");
        FundRules.CheckApprover(PartyOrgKind.StreetWorkingCommittee, Street, ["320105"], "admin", "street").Should().BeNull();
        // Another street's writers and nobody at all.
        FundRules.CheckApprover(PartyOrgKind.GridBranch, Grid, ["320105002"], "other", "x").Should().Be("party.funds.approver");
        FundRules.CheckApprover(PartyOrgKind.GridBranch, Grid, [], "nobody", "x").Should().Be("party.funds.approver");
        // The submitter never decides, whatever their scope.
        FundRules.CheckApprover(PartyOrgKind.CommunityCommittee, Community, [Street], "street", "street").Should().Be("party.funds.self");
        FundRules.CheckApprover(PartyOrgKind.GridBranch, Grid, ["320105"], "admin", "admin").Should().Be("party.funds.self");
    }

    [Fact]
    public void The_transitions_table()
    {
        FundRules.Next(PlanStatus.Draft, FundAction.Submit).Should().Be(PlanStatus.Submitted);
        FundRules.Next(PlanStatus.Submitted, FundAction.Approve).Should().Be(PlanStatus.Approved);
        FundRules.Next(PlanStatus.Submitted, FundAction.Reject).Should().Be(PlanStatus.Rejected);
        FundRules.Next(PlanStatus.Approved, FundAction.Close).Should().Be(PlanStatus.Closed);
        FundRules.Next(PlanStatus.Rejected, FundAction.Close).Should().Be(PlanStatus.Closed);
        var allowed = 0;
        foreach (var from in Enum.GetValues<PlanStatus>())
            foreach (var action in Enum.GetValues<FundAction>())
                if (FundRules.Next(from, action) is not null) allowed++;
        allowed.Should().Be(5, "nothing else: no approving a draft, no reopening a closed plan, no submitting twice");
        FundRules.Next(PlanStatus.Draft, FundAction.Approve).Should().BeNull();
        FundRules.Next(PlanStatus.Closed, FundAction.Submit).Should().BeNull();
        FundRules.Next(PlanStatus.Approved, FundAction.Reject).Should().BeNull();
        FundRules.Actions(PlanStatus.Submitted).Should().BeEquivalentTo([FundAction.Approve, FundAction.Reject]);
        FundRules.Actions(PlanStatus.Closed).Should().BeEmpty();
    }

    [Theory]
    [InlineData("0.01", true)]
    [InlineData("1500", true)]
    [InlineData("1500.5", true)]
    [InlineData("10000000", true)]
    [InlineData("0", false)]
    [InlineData("-5", false)]
    [InlineData("0.001", false)]
    [InlineData("10000000.01", false)]
    public void Amounts_are_positive_in_fen(string amount, bool valid) =>
        FundRules.ValidAmount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)).Should().Be(valid);

    [Fact]
    public void Spends_may_reach_the_budget_but_not_pass_it()
    {
        FundRules.OverBudget(1000m, 600m, 400m).Should().BeFalse();
        FundRules.OverBudget(1000m, 600m, 400.01m).Should().BeTrue();
        FundRules.OverBudget(1000m, 0m, 1000m).Should().BeFalse();
        FundRules.OverBudget(1000m, 1000m, 0.01m).Should().BeTrue();
    }

    [Theory]
    [InlineData(2026, 1, 1, "0")]        // 32 × 1/365 = 0.087… → 0.0
    [InlineData(2026, 1, 12, "1")]       // 32 × 12/365 = 1.05 → 1.0
    [InlineData(2026, 7, 2, "16")]       // day 183: 16.04 → 16.0
    [InlineData(2026, 12, 31, "32")]
    [InlineData(2028, 12, 31, "32")]     // a leap year ends on day 366
    [InlineData(2028, 7, 1, "16")]       // day 183 of 366: exactly half
    public void The_pro_rata_target_grows_through_the_year(int y, int m, int d, string expected) =>
        LearningRules.ProRata(32m, new DateOnly(y, m, d)).Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Behind_is_below_the_pro_rata_target()
    {
        var july2 = new DateOnly(2026, 7, 2);
        LearningRules.Behind(15.9m, 32m, july2).Should().BeTrue();
        LearningRules.Behind(16m, 32m, july2).Should().BeFalse();
        LearningRules.Behind(0m, 32m, new DateOnly(2026, 1, 1)).Should().BeFalse("nobody is behind on New Year's day");
        LearningRules.Behind(39.9m, 40m, new DateOnly(2026, 12, 31)).Should().BeTrue("a street's own target");
        LearningRules.Percent(16m, 32m).Should().Be(50);
        LearningRules.Percent(40m, 32m).Should().Be(100);
    }

    [Fact]
    public void Hours_of_a_record_are_positive_and_a_day_holds_at_most_24()
    {
        LearningRules.CheckHours(2m, 0m).Should().BeNull();
        LearningRules.CheckHours(24m, 0m).Should().BeNull();
        LearningRules.CheckHours(0.5m, 23.5m).Should().BeNull();
        LearningRules.CheckHours(0m, 0m).Should().Be("party.learning.hours");
        LearningRules.CheckHours(-1m, 0m).Should().Be("party.learning.hours");
        LearningRules.CheckHours(1.25m, 0m).Should().Be("party.learning.hours");
        LearningRules.CheckHours(25m, 0m).Should().Be("party.learning.day");
        LearningRules.CheckHours(1m, 23.5m).Should().Be("party.learning.day");
        LearningRules.ValidTarget(32m).Should().BeTrue();
        LearningRules.ValidTarget(0m).Should().BeFalse();
    }
}
