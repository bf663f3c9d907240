namespace Gongzhi.Web.Modules.Areas;

/// <summary>The levels of the area tree, each with the length of its code.</summary>
public enum AreaLevel { District = 1, Street = 2, Community = 3, Grid = 4, Building = 5 }

/// <summary>The kind of a township-level unit by its 3-digit part (统计用区划代码 rules).</summary>
public enum TownshipKind { Street, Town, Township, Other }

/// <summary>
/// Codes of the area tree: 统计用区划代码 down to the community (6 + 3 + 3 digits), grid = community + 3 digits,
/// building = grid + 3 digits. The parent of a code is its prefix one level up.
/// </summary>
public static class AreaCode
{
    public static int LengthOf(AreaLevel level) => level switch
    {
        AreaLevel.District => 6,
        AreaLevel.Street => 9,
        AreaLevel.Community => 12,
        AreaLevel.Grid => 15,
        AreaLevel.Building => 18,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static AreaLevel? LevelOf(string code) => code.Length switch
    {
        6 => AreaLevel.District,
        9 => AreaLevel.Street,
        12 => AreaLevel.Community,
        15 => AreaLevel.Grid,
        18 => AreaLevel.Building,
        _ => null,
    };

    public static string? ParentOf(string code) => LevelOf(code) switch
    {
        null or AreaLevel.District => null,
        { } level => code[..LengthOf(level - 1)],
    };

    /// <summary>The township-level kind: 001–099 street (街道), 100–199 town (镇), 200–299 township (乡), else other.</summary>
    public static TownshipKind KindOf(string code)
    {
        var part = int.Parse(code.AsSpan(6, 3));
        return part switch
        {
            >= 1 and <= 99 => TownshipKind.Street,
            >= 100 and <= 199 => TownshipKind.Town,
            >= 200 and <= 299 => TownshipKind.Township,
            _ => TownshipKind.Other,
        };
    }

    /// <summary>
    /// Null when <paramref name="code"/> is a well-formed area code; otherwise the error code of what is wrong
    /// (<c>area.code.digits</c>, <c>area.code.length</c>, <c>area.code.segment</c>, <c>area.code.street</c>).
    /// </summary>
    public static string? Validate(string? code)
    {
        if (string.IsNullOrEmpty(code) || !code.All(char.IsAsciiDigit)) return "area.code.digits";
        if (LevelOf(code) is not { } level) return "area.code.length";
        // Province 11–82, city and county parts not 00; every lower 3-digit part not 000.
        var province = int.Parse(code.AsSpan(0, 2));
        if (province is < 11 or > 82 || code[2..4] == "00" || code[4..6] == "00") return "area.code.segment";
        for (var start = 6; start < code.Length; start += 3)
            if (code.AsSpan(start, 3).SequenceEqual("000")) return "area.code.segment";
        // The tree is district → street → community: a township part must be a street (001–099).
        if (level >= AreaLevel.Street && KindOf(code) != TownshipKind.Street) return "area.code.street";
        return null;
    }

    public static bool IsValid(string? code) => Validate(code) is null;

    /// <summary>True when <paramref name="parent"/> is the direct parent of <paramref name="child"/>.</summary>
    public static bool IsParentOf(string parent, string child) => ParentOf(child) == parent;

    /// <summary>Short display name: 凤栖苑社区居委会 → 凤栖苑社区.</summary>
    public static string ShortName(string name) => name.EndsWith("居委会", StringComparison.Ordinal) ? name[..^3] : name;
}
