using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.UnitTests;

public sealed class ComponentCodeTests
{
    [Theory]
    [InlineData("3201050101000001", "320105", "01", "01", 1)]
    [InlineData("3201050618999999", "320105", "06", "18", 999_999)]
    [InlineData(" 1101020503000123 ", "110102", "05", "03", 123)]
    public void Valid_codes_parse_into_their_parts(string value, string county, string major, string minor, int serial)
    {
        ComponentCode.TryParse(value, out var code, out var problem).Should().BeTrue();
        problem.Should().BeNull();
        code.Should().Be(new ComponentCode(county, major, minor, serial));
        code.ToString().Should().Be(value.Trim());
        code.Prefix.Should().Be(county + major + minor);
        ComponentCode.Parse(value).Should().Be(code);
    }

    [Theory]
    [InlineData("320105010100000", ComponentCode.Problem.Length)]
    [InlineData("32010501010000011", ComponentCode.Problem.Length)]
    [InlineData("", ComponentCode.Problem.Length)]
    [InlineData(null, ComponentCode.Problem.Length)]
    [InlineData("32010501010000A1", ComponentCode.Problem.Characters)]
    [InlineData("0001050101000001", ComponentCode.Problem.County)]   // no province 00
    [InlineData("3200000101000001", ComponentCode.Problem.County)]   // a province, not a county
    [InlineData("3201000101000001", ComponentCode.Problem.County)]   // a city, not a county
    [InlineData("3201050001000001", ComponentCode.Problem.Major)]    // no 大类 00
    [InlineData("3201050701000001", ComponentCode.Problem.Major)]    // the standard has six 大类
    [InlineData("3201050100000001", ComponentCode.Problem.Minor)]    // no 小类 00
    [InlineData("3201050101000000", ComponentCode.Problem.Serial)]   // serials start at 1
    public void Invalid_codes_say_which_part_is_wrong(string? value, ComponentCode.Problem expected)
    {
        ComponentCode.TryParse(value, out _, out var problem).Should().BeFalse();
        problem.Should().Be(expected);
        if (value is not null) FluentActions.Invoking(() => ComponentCode.Parse(value)).Should().Throw<FormatException>();
    }

    [Fact]
    public void The_six_major_classes_of_the_standard_are_known()
    {
        ComponentCode.Majors.Select(m => m.Code).Should().Equal("01", "02", "03", "04", "05", "06");
        ComponentCode.Majors.Select(m => m.Name).Should().Equal("公用设施", "道路交通", "市容环境", "园林绿化", "房屋土地", "其他设施");
        ComponentCode.IsMajor("03").Should().BeTrue();
        ComponentCode.IsMajor("07").Should().BeFalse();
    }

    [Fact]
    public void The_next_serial_follows_the_last_code_of_the_prefix()
    {
        ComponentCode.Next("320105", "01", "02", null).ToString().Should().Be("3201050102000001");
        ComponentCode.Next("320105", "01", "02", "3201050102000041").ToString().Should().Be("3201050102000042");
        FluentActions.Invoking(() => ComponentCode.Next("320105", "01", "02", "3201050102999999")).Should().Throw<InvalidOperationException>();
    }

    [Theory]
    [InlineData("01", "01", null)]
    [InlineData("1", "01", ComponentCode.Problem.Major)]
    [InlineData("09", "01", ComponentCode.Problem.Major)]
    [InlineData(null, "01", ComponentCode.Problem.Major)]
    [InlineData("02", "0a", ComponentCode.Problem.Minor)]
    [InlineData("02", "00", ComponentCode.Problem.Minor)]
    [InlineData("02", null, ComponentCode.Problem.Minor)]
    public void A_class_pair_is_checked(string? major, string? minor, ComponentCode.Problem? expected) =>
        ComponentCode.ValidateClass(major, minor).Should().Be(expected);
}

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example often given for GB 32100-2015 (check character 3)
    [InlineData("914403001922038216")]
    [InlineData("91350100m000100y43")] // lower case is read as upper case
    [InlineData(" 914403001922038216 ")]
    public void Valid_codes_pass(string value) => CreditCode.Validate(value).Should().BeNull();

    [Theory]
    [InlineData("91350100M000100Y44", CreditCode.Problem.CheckCharacter)]
    [InlineData("914403001922038217", CreditCode.Problem.CheckCharacter)]
    [InlineData("91350100M000100Y4", CreditCode.Problem.Length)]
    [InlineData("91350100M000100Y433", CreditCode.Problem.Length)]
    [InlineData(null, CreditCode.Problem.Length)]
    [InlineData("91350100I000100Y43", CreditCode.Problem.Characters)] // I, O, Z, S, V are not used
    [InlineData("91350100O000100Y43", CreditCode.Problem.Characters)]
    [InlineData("91350100S000100Y43", CreditCode.Problem.Characters)]
    [InlineData("9135A100M000100Y43", CreditCode.Problem.Region)]       // characters 3–8 are a division code
    public void Invalid_codes_say_why(string? value, CreditCode.Problem expected) => CreditCode.Validate(value).Should().Be(expected);

    [Fact]
    public void Every_single_character_change_is_caught_by_the_check_character()
    {
        const string valid = "91350100M000100Y43", alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (var i = 0; i < 17; i++)
            foreach (var c in alphabet.Where(c => c != valid[i] && (i is < 2 or > 7 || char.IsAsciiDigit(c))))
                CreditCode.Validate(valid[..i] + c + valid[(i + 1)..]).Should().Be(CreditCode.Problem.CheckCharacter, $"position {i + 1} changed to {c}");
    }

    [Fact]
    public void A_check_value_of_31_is_written_0()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        // Vary the 17th character until the weighted sum is a multiple of 31 (31 − 0 = 31, written 0).
        var found = alphabet.Select(c => "91350100M0001000" + c).Single(s => s.Select((c, i) => alphabet.IndexOf(c) * weights[i]).Sum() % 31 == 0);
        CreditCode.CheckCharacter(found).Should().Be('0');
        CreditCode.Validate(found + "0").Should().BeNull();
    }
}
