namespace Gongzhi.Web.Modules.Cases;

/// <summary>三哨: the kind of call that sends a case to a department.</summary>
public enum Whistle { Daily = 1, KeyTask = 2, Emergency = 3 }

/// <summary>Where an overdue case is raised: grid → community → street → district.</summary>
public enum EscalationLevel { Grid = 0, Community = 1, Street = 2, District = 3 }

public static class Whistles
{
    /// <summary>
    /// Each whistle's share of the disposal model's time limits: 日常哨 the full limit, 攻坚哨 half, 应急哨 a quarter.
    /// </summary>
    public static double LimitFactor(this Whistle whistle) => whistle switch
    {
        Whistle.Daily => 1.0,
        Whistle.KeyTask => 0.5,
        Whistle.Emergency => 0.25,
        _ => 1.0,
    };

    /// <summary>The level a freshly dispatched case starts at: 应急哨 alerts every level at once.</summary>
    public static EscalationLevel StartLevel(this Whistle whistle) => whistle == Whistle.Emergency ? EscalationLevel.District : EscalationLevel.Grid;

    /// <summary>One level up the ladder, stopping at the district.</summary>
    public static EscalationLevel Up(this EscalationLevel level) => level == EscalationLevel.District ? level : level + 1;

    /// <summary>The area code of the level that an escalation notifies, from the case's grid code.</summary>
    public static string AreaOf(this EscalationLevel level, string gridCode) => level switch
    {
        EscalationLevel.Grid => gridCode,
        EscalationLevel.Community => gridCode[..Math.Min(12, gridCode.Length)],
        EscalationLevel.Street => gridCode[..Math.Min(9, gridCode.Length)],
        _ => gridCode[..Math.Min(6, gridCode.Length)],
    };
}
