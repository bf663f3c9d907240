namespace Gongzhi.Web.Platform.Time;

/// <summary>Store UTC; show China Standard Time (UTC+08:00, no daylight saving).</summary>
public static class Cst
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset ToCst(this DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static string Show(this DateTimeOffset utc) => utc.ToCst().ToString("yyyy-MM-dd HH:mm");

    public static string ShowFull(this DateTimeOffset utc) => utc.ToCst().ToString("yyyy-MM-dd HH:mm:ss zzz");

    /// <summary>The instant, in UTC (PostgreSQL takes only offset 0), at which the given CST calendar day starts.</summary>
    public static DateTimeOffset StartOfCstDay(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime();
}
