using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.UnitTests;

public sealed class DedupeKeyTests
{
    static readonly DateOnly Born = new(1949, 12, 31);
    static readonly Guid Household = Guid.Parse("0198a000-0000-7000-8000-000000000001");
    const string Building = "320105001001001001";

    static string? Key(string? name, DateOnly? born = null, string? address = null, Guid? household = null, string? area = Building) =>
        Duplicates.DedupeKey(name, born ?? Born, address, household, area);

    [Theory]
    [InlineData("王建国", " 王 建国 ")]          // spaces anywhere
    [InlineData("王建国", "王\u3000建国")]        // the ideographic (full-width) space
    [InlineData("王建国", "王建国\t\n")]
    [InlineData("阿卜杜·热合曼", "阿卜杜热合曼")]   // the middle dot of transliterated names
    [InlineData("阿卜杜·热合曼", "阿卜杜•热合曼")]
    [InlineData("阿卜杜·热合曼", "阿卜杜・热合曼")]
    [InlineData("John Smith", "ＪＯＨＮ　ＳＭＩＴＨ")] // full-width letters and case
    public void Names_that_differ_only_in_spacing_width_dots_or_case_are_the_same(string a, string b) =>
        Key(a, address: "凤栖苑3栋301").Should().NotBeNull().And.Be(Key(b, address: "凤栖苑3栋301"));

    [Theory]
    [InlineData("凤栖苑3栋301室", "凤栖苑 ３栋 ３０１室")]   // full-width digits, spaces
    [InlineData("凤栖苑3-301", "凤栖苑3－301")]          // dashes of any width
    [InlineData("Fengqi Road No.5", "fengqi road no 5")]
    public void Addresses_are_normalised_the_same_way(string a, string b) => Key("李芳", address: a).Should().Be(Key("李芳", address: b));

    [Fact]
    public void A_different_name_birth_date_or_address_is_a_different_person()
    {
        var key = Key("王建国", address: "凤栖苑3栋301");
        Key("王建华", address: "凤栖苑3栋301").Should().NotBe(key);
        Key("王建国", new DateOnly(1949, 12, 30), "凤栖苑3栋301").Should().NotBe(key);
        Key("王建国", address: "凤栖苑3栋302").Should().NotBe(key);
    }

    [Fact]
    public void Without_an_address_the_household_decides_and_without_a_household_the_building()
    {
        Key("王建国", household: Household).Should().Be(Key(" 王建国", household: Household, area: "320105001001001002"));
        Key("王建国", household: Household).Should().NotBe(Key("王建国", household: Guid.CreateVersion7()));
        Key("王建国").Should().Be(Key("王建国 "));
        Key("王建国").Should().NotBe(Key("王建国", area: "320105001001001002"));
        Key("王建国", household: Household).Should().NotBe(Key("王建国"), "a household and a bare building are not the same place");
        Key("王建国", address: "  ").Should().Be(Key("王建国"), "a blank address counts as none");
    }

    [Fact]
    public void Too_little_to_tell_gives_no_key()
    {
        Duplicates.DedupeKey("王建国", null, "凤栖苑3栋301", null, Building).Should().BeNull("no birth date");
        Key("   ").Should().BeNull("no name");
        Key("·").Should().BeNull("a name of punctuation only");
        Key("王建国", area: null).Should().BeNull("no place at all");
    }

    [Theory]
    [InlineData("  Ａｂ　ｃ-１ ", "abc1")]
    [InlineData(null, "")]
    [InlineData("\u3000", "")]
    public void Normalise_keeps_letters_and_digits_in_lower_case(string? text, string expected) => Duplicates.Normalise(text).Should().Be(expected);
}
