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
}
