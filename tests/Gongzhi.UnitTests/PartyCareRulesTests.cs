using Gongzhi.Web.Modules.Party;

namespace Gongzhi.UnitTests;

/// <summary>PT-4 (the suggested grade of 民主评议) and PT-6 (what each pioneer role needs, targets inside the area).</summary>
public sealed class PartyCareRulesTests
{
    [Theory]
    [InlineData(90, 90, EvaluationGrade.Excellent)]
    [InlineData(100, 80, EvaluationGrade.Excellent)]
    [InlineData(89.98, 90, EvaluationGrade.Qualified)]
    [InlineData(75, 75, EvaluationGrade.Qualified)]
    [InlineData(74.98, 75, EvaluationGrade.BasicallyQualified)]
    [InlineData(60, 60, EvaluationGrade.BasicallyQualified)]
    [InlineData(59.98, 60, EvaluationGrade.Unqualified)]
    [InlineData(0, 0, EvaluationGrade.Unqualified)]
    public void The_suggested_grade_follows_the_mean_of_the_mutual_and_the_masses_scores(double mutual, double masses, EvaluationGrade expected) =>
        EvaluationRules.Suggest(true, (decimal)mutual, (decimal)masses).Should().Be(expected);

    [Fact]
    public void No_suggestion_without_a_self_assessment_or_both_scores()
    {
        EvaluationRules.Suggest(false, 95, 95).Should().BeNull();
        EvaluationRules.Suggest(true, null, 95).Should().BeNull();
        EvaluationRules.Suggest(true, 95, null).Should().BeNull();
        EvaluationRules.Composite(89.99m, 90m).Should().Be(90.00m); // 89.995 rounds half away from zero
        EvaluationRules.Suggest(true, 89.99m, 90m).Should().Be(EvaluationGrade.Excellent);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0.0, true)]
    [InlineData(100.0, true)]
    [InlineData(-0.01, false)]
    [InlineData(100.01, false)]
    public void Scores_are_from_0_to_100(double? score, bool valid) => EvaluationRules.ValidScore((decimal?)score).Should().Be(valid);

    [Fact]
    public void Each_kind_of_role_needs_its_target()
    {
        EvaluationRules.Suggest(true, 90, 90).Should().Be(EvaluationGrade.Excellent);
        RoleRules.Missing(PioneerKind.PioneerPost, " ", null, 0, 0, null).Should().Be("party.role.title");
        RoleRules.Missing(PioneerKind.PioneerPost, "党员先锋岗·便民服务", null, 0, 0, null).Should().BeNull();
        RoleRules.Missing(PioneerKind.ResponsibilityArea, null, null, 0, 0, null).Should().Be("party.role.buildings");
        RoleRules.Missing(PioneerKind.ResponsibilityArea, null, null, 2, 0, null).Should().BeNull();
        RoleRules.Missing(PioneerKind.LinkedHouseholds, null, null, 0, 0, null).Should().Be("party.role.households");
        RoleRules.Missing(PioneerKind.DoubleLinked, null, null, 0, 3, null).Should().BeNull();
        RoleRules.Missing(PioneerKind.TenVolunteers, null, null, 0, 0, null).Should().Be("party.role.duty");
        RoleRules.Missing(PioneerKind.TenVolunteers, null, (VolunteerDuty)11, 0, 0, null).Should().Be("party.role.duty");
        RoleRules.Missing(PioneerKind.TenVolunteers, null, VolunteerDuty.DisputeMediator, 0, 0, null).Should().BeNull();
        RoleRules.Missing(PioneerKind.ProxyService, null, null, 0, 0, null).Should().Be("party.role.person");
        RoleRules.Missing(PioneerKind.ProxyService, null, null, 0, 0, Guid.NewGuid()).Should().BeNull();
        RoleRules.Missing((PioneerKind)9, null, null, 1, 1, Guid.NewGuid()).Should().Be("party.role.kind");
        Enum.GetValues<VolunteerDuty>().Should().HaveCount(10);
    }

    [Fact]
    public void Targets_lie_inside_the_organisation_area_and_only_active_members_hold_roles()
    {
        RoleRules.Inside("320105001001001", "320105001001001002").Should().BeTrue();
        RoleRules.Inside("320105001001", "320105001001003001").Should().BeTrue();
        RoleRules.Inside("320105001001001", "320105001001002001").Should().BeFalse();
        RoleRules.Inside("320105001001001001", "320105001001001002").Should().BeFalse();
        RoleRules.Inside("320105001001001", "320105001001").Should().BeFalse();
        RoleRules.Eligible(MemberStatus.Regular).Should().BeTrue();
        RoleRules.Eligible(MemberStatus.Probationary).Should().BeTrue();
        RoleRules.Eligible(MemberStatus.TransferredOut).Should().BeFalse();
        RoleRules.DoubleLinkedMax.Should().Be(2);
    }
}
