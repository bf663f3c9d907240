using System.Globalization;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>A 大类 (major class) of urban management components, with its names.</summary>
public sealed record ComponentMajor(string Code, string Name, string NameEn);

/// <summary>
/// The identification code of a component (部件标识码) per GB/T 30428.2-2013 (数字化城市管理信息系统 第2部分：管理部件和事件),
/// the same as CJJ/T 106-2010: 16 digits = 6-digit county code (GB/T 2260) + 2-digit 大类 + 2-digit 小类 + 6-digit serial.
/// </summary>
public readonly record struct ComponentCode(string County, string Major, string Minor, int Serial)
{
    public enum Problem { Length, Characters, County, Major, Minor, Serial }

    public const int MaxSerial = 999_999;

    /// <summary>
    /// The six 大类 of GB/T 30428.2-2013 (Table 1, 管理部件大类) / CJJ/T 106-2010. 小类 codes are two digits within a
    /// 大类 (e.g. 0101 上水井盖); they are not checked against the standard's list here.
    /// </summary>
    public static readonly IReadOnlyList<ComponentMajor> Majors =
    [
        new("01", "公用设施", "Public utilities"),
        new("02", "道路交通", "Roads and traffic"),
        new("03", "市容环境", "City appearance and environment"),
        new("04", "园林绿化", "Parks and greenery"),
        new("05", "房屋土地", "Buildings and land"),
        new("06", "其他设施", "Other facilities"),
    ];

    public static bool IsMajor(string? code) => code is not null && Majors.Any(m => m.Code == code);

    /// <summary>The first ten digits: county + 大类 + 小类, under which serials are allocated.</summary>
    public string Prefix => County + Major + Minor;

    public override string ToString() => Prefix + Serial.ToString("000000", CultureInfo.InvariantCulture);

    /// <summary>The first problem of a 大类 + 小类 pair (2 digits each), or null.</summary>
    public static Problem? ValidateClass(string? major, string? minor)
    {
        if (major is not { Length: 2 } || !major.All(char.IsAsciiDigit) || !IsMajor(major)) return Problem.Major;
        if (minor is not { Length: 2 } || !minor.All(char.IsAsciiDigit) || minor == "00") return Problem.Minor;
        return null;
    }

    /// <summary>Parses a 16-digit code; <paramref name="problem"/> names the first part that is wrong.</summary>
    public static bool TryParse(string? value, out ComponentCode code, out Problem? problem)
    {
        code = default;
        var v = value?.Trim() ?? "";
        problem = v.Length != 16 ? Problem.Length
            : !v.All(char.IsAsciiDigit) ? Problem.Characters
            : v[..2] == "00" || v[2..6] == "0000" || v[4..6] == "00" ? Problem.County
            : ValidateClass(v[6..8], v[8..10]) is { } p ? p
            : v[10..] == "000000" ? Problem.Serial
            : null;
        if (problem is not null) return false;
        code = new ComponentCode(v[..6], v[6..8], v[8..10], int.Parse(v[10..], CultureInfo.InvariantCulture));
        return true;
    }

    public static ComponentCode Parse(string value) =>
        TryParse(value, out var code, out var problem) ? code : throw new FormatException($"Not a GB/T 30428.2 component code ({problem}): {value}");

    /// <summary>The code after <paramref name="last"/> (a code with the same prefix), or serial 1 when there is none.</summary>
    public static ComponentCode Next(string county, string major, string minor, string? last)
    {
        var serial = last is not null && TryParse(last, out var l, out _) ? l.Serial + 1 : 1;
        if (serial > MaxSerial) throw new InvalidOperationException("No serial left under " + county + major + minor);
        return new ComponentCode(county, major, minor, serial);
    }
}

/// <summary>
/// The unified social credit code (统一社会信用代码) per GB 32100-2015: 18 characters from 0–9 and the capital letters
/// except I, O, Z, S, V — registration authority (1), organisation type (1), administrative division (6 digits),
/// organisation code (9), check character (1) = 31 − (Σ value × weight mod 31), 31 written as 0.
/// </summary>
public static class CreditCode
{
    public enum Problem { Length, Characters, Region, CheckCharacter }

    const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string Normalise(string value) => value.Trim().ToUpperInvariant();

    /// <summary>The first problem of <paramref name="value"/>, or null when it is a valid code.</summary>
    public static Problem? Validate(string? value)
    {
        if (value is null) return Problem.Length;
        var v = Normalise(value);
        if (v.Length != 18) return Problem.Length;
        if (v.Any(c => !Alphabet.Contains(c))) return Problem.Characters;
        if (!v[2..8].All(char.IsAsciiDigit)) return Problem.Region;
        return CheckCharacter(v.AsSpan(0, 17)) == v[17] ? null : Problem.CheckCharacter;
    }

    /// <summary>The check character over the first 17 characters (which must be from the code's alphabet).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }
}
