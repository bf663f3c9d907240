namespace Gongzhi.Web.Modules.Party;

/// <summary>
/// The 学时 rules (PT-3). Pure.
/// <list type="bullet">
/// <item>A yearly target per member: the street's (set by its working committee's writers), otherwise
/// <see cref="DefaultHoursPerYear"/> (32 学时, the usual figure of the national party-member education plans; the seeds
/// name the 学时制度 without a figure).</item>
/// <item>Pro rata: by today the member should have <c>target × (day of the year) / (days in the year)</c>, rounded
/// down to a tenth; a member is behind when the hours of this calendar year (China Standard Time) are below it. On
/// 31 December the pro-rata target is the whole target.</item>
/// <item>A record: hours above zero, in tenths, and a member's hours of one day together not above 24.</item>
/// </list>
/// </summary>
public static class LearningRules
{
    public const decimal DefaultHoursPerYear = 32m;
    public const decimal MaxHoursPerDay = 24m;

    /// <summary>The hours a member should have by <paramref name="today"/> out of a yearly <paramref name="target"/>.</summary>
    public static decimal ProRata(decimal target, DateOnly today)
    {
        var days = DateTime.IsLeapYear(today.Year) ? 366 : 365;
        return Math.Floor(target * today.DayOfYear / days * 10m) / 10m;
    }

    /// <summary>True when <paramref name="hoursThisYear"/> are below the pro-rata target.</summary>
    public static bool Behind(decimal hoursThisYear, decimal target, DateOnly today) => hoursThisYear < ProRata(target, today);

    /// <summary>Progress to the yearly target, 0–100 (capped).</summary>
    public static int Percent(decimal hoursThisYear, decimal target) =>
        target <= 0 ? 100 : (int)Math.Min(100m, Math.Floor(hoursThisYear * 100m / target));

    /// <summary>Null when a record of <paramref name="hours"/> fits a day already holding <paramref name="sameDay"/>; otherwise the code.</summary>
    public static string? CheckHours(decimal hours, decimal sameDay)
    {
        if (hours <= 0 || decimal.Round(hours, 1) != hours) return "party.learning.hours";
        return sameDay + hours > MaxHoursPerDay ? "party.learning.day" : null;
    }

    /// <summary>A yearly target: above zero, at most 1,000, in tenths.</summary>
    public static bool ValidTarget(decimal hours) => hours > 0 && hours <= 1000 && decimal.Round(hours, 1) == hours;
}
