using System.Globalization;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// Citizen ID numbers per GB 11643-1999 (公民身份号码): 6-digit address code (GB/T 2260), 8-digit birth date, 3-digit
/// sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character (0–9 or X).
/// </summary>
public static class IdNumber
{
    public enum Problem { Length, Characters, Region, BirthDate, CheckDigit }

    static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const string CheckCharacters = "10X98765432";

    /// <summary>Province-level codes of GB/T 2260 (incl. 71 Taiwan, 81 Hong Kong, 82 Macao: the residence permits' 810000/820000/830000).</summary>
    static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
    ];

    /// <summary>Trimmed, with a lower-case x made upper-case.</summary>
    public static string Normalise(string value) => value.Trim().ToUpperInvariant();

    /// <summary>The first problem of <paramref name="value"/>, or null when it is a valid number for someone born by <paramref name="today"/>.</summary>
    public static Problem? Validate(string? value, DateOnly today)
    {
        if (value is null) return Problem.Length;
        var v = Normalise(value);
        if (v.Length != 18) return Problem.Length;
        for (var i = 0; i < 17; i++)
            if (!char.IsAsciiDigit(v[i])) return Problem.Characters;
        if (!char.IsAsciiDigit(v[17]) && v[17] != 'X') return Problem.Characters;
        if (!Provinces.Contains(v[..2]) || v[2..6] == "0000" && v[..2] is not ("71" or "81" or "82" or "83")) return Problem.Region;
        if (!DateOnly.TryParseExact(v.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var born)
            || born.Year < 1900 || born > today) return Problem.BirthDate;
        return CheckCharacter(v.AsSpan(0, 17)) == v[17] ? null : Problem.CheckDigit;
    }

    /// <summary>ISO 7064 MOD 11-2 over the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    public static DateOnly BirthDate(string valid) => DateOnly.ParseExact(valid.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);

    public static Gender GenderOf(string valid) => (valid[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;

    /// <summary>The first four and the last four characters: 3201**********1234.</summary>
    public static string Mask(string value) => value.Length < 8 ? new string('*', value.Length) : value[..4] + new string('*', value.Length - 8) + value[^4..];
}

public enum Gender { Male = 1, Female = 2 }
