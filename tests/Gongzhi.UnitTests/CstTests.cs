using Gongzhi.Web.Platform.Time;

namespace Gongzhi.UnitTests;

public sealed class CstTests
{
    [Fact]
    public void A_cst_day_starts_at_16_utc_the_day_before_and_is_given_in_utc()
    {
        var start = Cst.StartOfCstDay(new DateOnly(2026, 11, 24));
        start.Should().Be(new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero));
        start.Offset.Should().Be(TimeSpan.Zero, "PostgreSQL takes timestamptz parameters only with offset 0");
    }

    [Fact]
    public void Times_are_shown_in_china_standard_time() =>
        new DateTimeOffset(2026, 11, 23, 17, 18, 0, TimeSpan.Zero).Show().Should().Be("2026-11-24 01:18");
}
