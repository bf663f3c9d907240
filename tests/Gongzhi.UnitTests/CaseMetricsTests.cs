using Gongzhi.Web.Modules.Cases;
using static Gongzhi.Web.Modules.Cases.CaseMetrics;

namespace Gongzhi.UnitTests;

public sealed class CaseMetricsTests
{
    static Facts F(CaseState state, bool overdue = false, int? rating = null, bool handled = false, bool reworked = false, bool checkedIn = false, bool late = false) =>
        new("g", state, overdue, rating, handled, reworked, checkedIn, late);

    [Fact]
    public void The_formulas_on_hand_made_cases()
    {
        Facts[] cases =
        [
            F(CaseState.Evaluated, rating: 5, handled: true, checkedIn: true),                     // closed on time
            F(CaseState.Closed, overdue: true, rating: 3, handled: true, reworked: true, checkedIn: true, late: true), // closed late, reworked
            F(CaseState.Closed, handled: true, checkedIn: true),                                   // closed on time
            F(CaseState.CheckedIn, overdue: true, checkedIn: true, late: true),                    // open and overdue
            F(CaseState.Dispatched, overdue: true, late: true),                                    // open, overdue waiting for check-in
            F(CaseState.Dispatched),                                                               // open, in time: not yet due
            F(CaseState.Rejected),                                                                 // not counted
            F(CaseState.Merged),                                                                   // not counted
        ];
        var row = Compute("g", "G", cases);
        row.Total.Should().Be(6);
        (row.Closed, row.OpenOverdue, row.ClosedOnTime).Should().Be((3, 2, 2));
        row.ClosureRate.Should().Be(0.6);      // 3 / (3 + 2)
        row.OnTimeRate.Should().Be(0.4);       // 2 / (3 + 2)
        row.ReworkRate.Should().Be(0.3333);    // 1 / 3 handled
        row.CheckInRate.Should().Be(0.4);      // 2 on time / 5 (4 checked in + 1 late without check-in)
        (row.Rated, row.Satisfaction).Should().Be((2, 4.0));
    }

    [Fact]
    public void No_cases_give_no_rates_rather_than_zero()
    {
        var row = Compute("g", "G", []);
        (row.Total, row.ClosureRate, row.OnTimeRate, row.ReworkRate, row.CheckInRate, row.Satisfaction).Should().Be((0, null, null, null, null, null));
    }

    [Fact]
    public void Monthly_bucket_rows_add_up_to_the_formulas_of_the_cases()
    {
        var rnd = new Random(30428);
        var states = Enum.GetValues<CaseState>();
        var at = new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero); // 1 November 01:00 in China
        var cases = Enumerable.Range(0, 2000).Select(_ => new CaseStatsContribution.Facts("320105001001001", rnd.Next(20) == 0, "城管局", "c",
            at, states[rnd.Next(states.Length)], rnd.Next(3) == 0, rnd.Next(2) == 0 ? 1 + rnd.Next(5) : null,
            rnd.Next(2) == 0, rnd.Next(5) == 0, rnd.Next(2) == 0, rnd.Next(6) == 0)).ToList();

        var sum = new CaseStat { Community = "320105001001", Department = "城管局", Category = "c", Month = "2026-11" };
        foreach (var c in cases)
            if (CaseStatsContribution.Of<CaseStat>(c) is { } row)
            {
                (row.Community, row.Month).Should().Be(("320105001001", "2026-11"), "the month is the report's month in China Standard Time");
                sum.Add(row);
            }
        var fromBuckets = FromCounts(new Counts("g", sum.Total, sum.Closed, sum.OpenOverdue, sum.ClosedOnTime, sum.Handled, sum.Reworked,
            sum.CheckInDue, sum.CheckInOnTime, sum.Rated, sum.RatingSum), "G");
        var fromCases = Compute("g", "G", [.. cases.Where(c => !c.InTriage)
            .Select(c => new Facts("g", c.State, c.Overdue, c.Rating, c.WasHandled, c.WasReworked, c.WasCheckedIn, c.CheckInLate))]);
        fromBuckets.Should().BeEquivalentTo(fromCases);
        fromBuckets.Total.Should().BeGreaterThan(1000);

        // A change is its new row minus its old one: subtracting a case's row and adding it back leaves the totals as they were.
        var before = sum.Total;
        var one = CaseStatsContribution.Of<CaseStat>(cases.First(c => !c.InTriage && c.State is not (CaseState.Rejected or CaseState.Merged)))!;
        sum.Add(one, -1);
        sum.Total.Should().Be(before - 1);
        sum.Add(one);
        sum.Total.Should().Be(before);
    }
}
