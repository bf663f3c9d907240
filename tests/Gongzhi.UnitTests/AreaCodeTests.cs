using Gongzhi.Web.Modules.Areas;

namespace Gongzhi.UnitTests;

public sealed class AreaCodeTests
{
    [Theory]
    [InlineData("320105", AreaLevel.District)]
    [InlineData("320105001", AreaLevel.Street)]
    [InlineData("320105001001", AreaLevel.Community)]
    [InlineData("320105001001001", AreaLevel.Grid)]
    [InlineData("320105001001001001", AreaLevel.Building)]
    public void Valid_codes_have_their_level(string code, AreaLevel level)
    {
        AreaCode.Validate(code).Should().BeNull();
        AreaCode.LevelOf(code).Should().Be(level);
    }

    [Theory]
    [InlineData("", "area.code.digits")]
    [InlineData("32010A", "area.code.digits")]
    [InlineData("3201050", "area.code.length")]
    [InlineData("3201050011", "area.code.length")]
    [InlineData("990105", "area.code.segment")]
    [InlineData("320005", "area.code.segment")]
    [InlineData("320105000", "area.code.segment")]
    [InlineData("320105001000", "area.code.segment")]
    [InlineData("320105001001000", "area.code.segment")]
    [InlineData("320105100", "area.code.street")]
    [InlineData("320105201001", "area.code.street")]
    public void Invalid_codes_say_what_is_wrong(string code, string error) => AreaCode.Validate(code).Should().Be(error);

    [Theory]
    [InlineData("320105", null)]
    [InlineData("320105001", "320105")]
    [InlineData("320105001001", "320105001")]
    [InlineData("320105001001012", "320105001001")]
    [InlineData("320105001001012003", "320105001001012")]
    public void The_parent_is_the_prefix_one_level_up(string code, string? parent)
    {
        AreaCode.ParentOf(code).Should().Be(parent);
        if (parent is not null) AreaCode.IsParentOf(parent, code).Should().BeTrue();
    }

    [Fact]
    public void A_code_is_not_the_parent_of_a_grandchild() => AreaCode.IsParentOf("320105", "320105001001").Should().BeFalse();

    [Theory]
    [InlineData("320105001", TownshipKind.Street)]
    [InlineData("320105099", TownshipKind.Street)]
    [InlineData("320115100", TownshipKind.Town)]
    [InlineData("320115201", TownshipKind.Township)]
    [InlineData("320115400", TownshipKind.Other)]
    public void Township_part_tells_street_town_or_township(string code, TownshipKind kind) => AreaCode.KindOf(code).Should().Be(kind);

    [Fact]
    public void Short_name_drops_the_committee_suffix()
    {
        AreaCode.ShortName("凤栖苑社区居委会").Should().Be("凤栖苑社区");
        AreaCode.ShortName("莫愁湖街道").Should().Be("莫愁湖街道");
    }
}
