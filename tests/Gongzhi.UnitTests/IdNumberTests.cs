using Gongzhi.Web.Modules.Registry;
using static Gongzhi.Web.Modules.Registry.IdNumber;

namespace Gongzhi.UnitTests;

public sealed class IdNumberTests
{
    static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("11010519491231002X")] // the example of GB 11643-1999: check character X
    [InlineData("11010519491231002x")] // a lower-case x is read as X
    [InlineData("440524188001010014")] // born 1880 (before 1900 is refused below, so this one is the check of the old sequence)
    [InlineData("320105198506150021")]
    [InlineData("320105200002290039")] // 29 February of a leap year
    [InlineData(" 320105199001011231 ")]
    public void Valid_numbers_pass(string value)
    {
        var problem = Validate(value, Today);
        if (value.Contains("1880")) problem.Should().Be(Problem.BirthDate, "births before 1900 are refused as impossible for living residents");
        else problem.Should().BeNull();
    }

    [Theory]
    [InlineData("320105198506150022", Problem.CheckDigit)]
    [InlineData("110105194912310020", Problem.CheckDigit)] // X written as 0
    [InlineData("320105199002300016", Problem.BirthDate)]  // 30 February
    [InlineData("320105190002290018", Problem.BirthDate)]  // 1900 was not a leap year
    [InlineData("320105203001010013", Problem.BirthDate)]  // born in the future
    [InlineData("990105198506150021", Problem.Region)]     // no province 99
    [InlineData("320000198506150021", Problem.Region)]     // a province without its city and county
    [InlineData("32010519850615002", Problem.Length)]
    [InlineData("3201051985061500211", Problem.Length)]
    [InlineData("32010519850615002A", Problem.Characters)]
    [InlineData("3201051985O6150021", Problem.Characters)]
    [InlineData("", Problem.Length)]
    [InlineData(null, Problem.Length)]
    public void Invalid_numbers_say_why(string? value, Problem expected) => Validate(value, Today).Should().Be(expected);

    [Fact]
    public void The_check_character_is_iso_7064_mod_11_2()
    {
        CheckCharacter("11010519491231002").Should().Be('X');
        CheckCharacter("44052418800101001").Should().Be('4');
        // Every single-digit change of a valid number is caught by the check character.
        const string valid = "320105198506150021";
        for (var i = 0; i < 17; i++)
            for (var d = '0'; d <= '9'; d++)
            {
                if (d == valid[i]) continue;
                var changed = valid[..i] + d + valid[(i + 1)..];
                CheckCharacter(changed.AsSpan(0, 17)).Should().NotBe(valid[17], $"position {i} changed to {d}");
            }
    }

    [Fact]
    public void Birth_date_gender_and_mask()
    {
        BirthDate("11010519491231002X").Should().Be(new DateOnly(1949, 12, 31));
        GenderOf("11010519491231002X").Should().Be(Gender.Female);  // 002: even
        GenderOf("320105199001011231").Should().Be(Gender.Male);    // 123: odd
        Mask("11010519491231002X").Should().Be("1101**********002X");
        Mask("320105198506150021").Should().HaveLength(18).And.StartWith("3201").And.EndWith("0021").And.Contain("**********");
    }
}
