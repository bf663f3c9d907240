using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;

namespace Gongzhi.UnitTests;

public sealed class ScopeTests
{
    static Caller With(params (AppRole, string)[] assignments) => new("u1", "u1@x", assignments);

    [Fact]
    public void Scope_is_the_code_prefix_of_the_assignment()
    {
        var street = With((AppRole.StreetStaff, "320105001"));
        street.Can(Permission.AreasRead, "320105001").Should().BeTrue();
        street.Can(Permission.AreasRead, "320105001004012").Should().BeTrue();
        street.Can(Permission.AreasRead, "320105002").Should().BeFalse();
        street.Can(Permission.AreasRead, "320105").Should().BeFalse("a street sees nothing above itself");
    }

    [Fact]
    public void A_permission_comes_only_from_roles_that_grant_it()
    {
        var caller = With((AppRole.GridWorker, "320105001001001"), (AppRole.CommunitySecretary, "320105001004"));
        caller.Can(Permission.StaffingManage, "320105001001001").Should().BeFalse("a grid worker does not manage staffing");
        caller.Can(Permission.StaffingManage, "320105001004003").Should().BeTrue();
        caller.ScopeFor(Permission.AreasRead).Should().BeEquivalentTo(["320105001001001", "320105001004"]);
        caller.CanAnywhere(Permission.UsersManage).Should().BeFalse();
    }

    [Fact]
    public void Nested_prefixes_collapse_to_the_shortest()
    {
        var caller = With((AppRole.StreetStaff, "320105001"), (AppRole.CommunityWorker, "320105001001"), (AppRole.StreetStaff, "320105002"));
        caller.ScopeFor(Permission.AreasRead).Should().BeEquivalentTo(["320105001", "320105002"]);
    }

    [Fact]
    public void Residents_and_party_members_read_no_areas()
    {
        With((AppRole.Resident, "320105001001")).CanAnywhere(Permission.AreasRead).Should().BeFalse();
        With((AppRole.PartyMember, "320105001001")).CanAnywhere(Permission.AreasRead).Should().BeFalse();
    }

    sealed record Row(string AreaCode) : IAreaOwned;

    [Fact]
    public void InScope_filters_rows_by_any_prefix()
    {
        Row[] rows = [new("320105001001001"), new("320105002001001"), new("320105003"), new("320106001")];
        var caller = With((AppRole.StreetStaff, "320105001"), (AppRole.StreetStaff, "320105003"));
        rows.AsQueryable().InScope(caller, Permission.AreasRead).Select(r => r.AreaCode)
            .Should().BeEquivalentTo(["320105001001001", "320105003"]);
        rows.AsQueryable().InScope(Caller.Anonymous, Permission.AreasRead).Should().BeEmpty();
    }

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("320105199001011234", "320***********1234")]
    [InlineData("12345", "***45")]
    [InlineData("ab", "**")]
    [InlineData("abc", "**c")]
    [InlineData("84201234", "****1234")]
    [InlineData("025842012", "*****2012")]
    [InlineData("8420123", "****123")]
    [InlineData("0258420123", "******0123")]
    [InlineData("02584201234", "025****1234")]
    public void Masking_keeps_only_the_ends(string value, string masked) => Masking.Mask(value).Should().Be(masked);
}
