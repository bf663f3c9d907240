using Gongzhi.Web.Modules.Cases;
using Gongzhi.Web.Platform.Http;

namespace Gongzhi.UnitTests;

public sealed class CaseWorkflowTests
{
    /// <summary>The legal cells of the table; every other (state, action) pair must be refused.</summary>
    static readonly Dictionary<(CaseState, CaseAction), CaseState> Legal = new()
    {
        [(CaseState.Reported, CaseAction.Accept)] = CaseState.Registered,
        [(CaseState.Reported, CaseAction.Reject)] = CaseState.Rejected,
        [(CaseState.Reported, CaseAction.Merge)] = CaseState.Merged,
        [(CaseState.Registered, CaseAction.Dispatch)] = CaseState.Dispatched,
        [(CaseState.Registered, CaseAction.Reject)] = CaseState.Rejected,
        [(CaseState.Registered, CaseAction.Merge)] = CaseState.Merged,
        [(CaseState.Dispatched, CaseAction.CheckIn)] = CaseState.CheckedIn,
        [(CaseState.Dispatched, CaseAction.Return)] = CaseState.Registered,
        [(CaseState.Dispatched, CaseAction.Reassign)] = CaseState.Dispatched,
        [(CaseState.CheckedIn, CaseAction.Handle)] = CaseState.Handled,
        [(CaseState.CheckedIn, CaseAction.Return)] = CaseState.Registered,
        [(CaseState.CheckedIn, CaseAction.Reassign)] = CaseState.Dispatched,
        [(CaseState.CheckedIn, CaseAction.RequestPostpone)] = CaseState.CheckedIn,
        [(CaseState.CheckedIn, CaseAction.ApprovePostpone)] = CaseState.CheckedIn,
        [(CaseState.Handled, CaseAction.Verify)] = CaseState.Closed,
        [(CaseState.Handled, CaseAction.Rework)] = CaseState.CheckedIn,
        [(CaseState.Closed, CaseAction.Evaluate)] = CaseState.Evaluated,
    };

    public static TheoryData<CaseState, CaseAction> EveryCell()
    {
        var data = new TheoryData<CaseState, CaseAction>();
        foreach (var s in Enum.GetValues<CaseState>())
            foreach (var a in Enum.GetValues<CaseAction>())
                data.Add(s, a);
        return data;
    }

    [Theory, MemberData(nameof(EveryCell))]
    public void Every_cell_of_the_table_is_as_specified(CaseState state, CaseAction action)
    {
        if (Legal.TryGetValue((state, action), out var next))
            CaseWorkflow.Next(state, action).Should().Be(next);
        else
        {
            var refused = () => CaseWorkflow.Next(state, action);
            var e = refused.Should().Throw<DomainException>().Which;
            (e.Code, e.Status).Should().Be(("case.transition", 409));
            e.Args.Should().Equal(action, state);
        }
    }

    [Fact]
    public void Closed_rejected_merged_and_evaluated_cases_are_not_open()
    {
        Enum.GetValues<CaseState>().Where(s => !CaseWorkflow.IsOpen(s))
            .Should().BeEquivalentTo([CaseState.Closed, CaseState.Evaluated, CaseState.Rejected, CaseState.Merged]);
    }

    static Case NewCase(double checkIn = 2, double handle = 24, double verify = 8) => new()
    {
        Number = "320105202611230000001", CategoryCode = "baolu-laji", CategoryName = "暴露垃圾", Description = "test", AreaCode = "320105001001001",
        Department = "城管局", Whistle = Whistle.Daily, CheckInHours = checkIn, HandleHours = handle, VerifyHours = verify,
    };

    static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    static readonly Actor Someone = new("u", "someone", "StreetStaff");

    [Fact]
    public void Dispatch_starts_the_check_in_clock_with_a_warning_at_80_percent()
    {
        var c = NewCase(checkIn: 10);
        c.Apply(CaseAction.Accept, Someone, T0, new());
        c.Apply(CaseAction.Dispatch, Someone, T0, new());
        var d = c.Deadlines.Single();
        (d.Kind, d.DueAt, d.WarnAt).Should().Be((DeadlineKind.CheckIn, T0.AddHours(10), T0.AddHours(8)));
    }

    [Theory]
    [InlineData(Whistle.Daily, 8.0, EscalationLevel.Grid)]
    [InlineData(Whistle.KeyTask, 4.0, EscalationLevel.Grid)]
    [InlineData(Whistle.Emergency, 2.0, EscalationLevel.District)]
    public void Each_whistle_has_its_own_limit_and_starting_level(Whistle whistle, double hours, EscalationLevel level)
    {
        var c = NewCase(checkIn: 8);
        c.Apply(CaseAction.Accept, Someone, T0, new());
        c.Apply(CaseAction.Dispatch, Someone, T0, new(Whistle: whistle));
        c.Deadlines.Single().DueAt.Should().Be(T0.AddHours(hours));
        c.Level.Should().Be(level);
    }

    [Fact]
    public void Leaving_a_step_stops_its_clock_and_starts_the_next()
    {
        var c = NewCase();
        c.Apply(CaseAction.Accept, Someone, T0, new());
        c.Apply(CaseAction.Dispatch, Someone, T0, new());
        c.Apply(CaseAction.CheckIn, Someone, T0.AddHours(1), new());
        c.Deadlines.Should().HaveCount(2);
        c.Deadlines[0].CancelledAt.Should().Be(T0.AddHours(1));
        (c.Deadlines[1].Kind, c.Deadlines[1].DueAt).Should().Be((DeadlineKind.Handle, T0.AddHours(25)));
    }

    [Fact]
    public void Escalation_climbs_one_level_at_a_time_and_stops_at_the_district()
    {
        var c = NewCase(checkIn: 2);
        c.Apply(CaseAction.Accept, Someone, T0, new());
        c.Apply(CaseAction.Dispatch, Someone, T0, new());
        var now = T0;
        foreach (var expected in new[] { EscalationLevel.Community, EscalationLevel.Street, EscalationLevel.District })
        {
            var open = c.Deadlines.Single(d => d.FiredAt is null);
            now = open.DueAt;
            open.Fire(now);
            c.Escalate(open, now);
            c.Level.Should().Be(expected);
            c.Overdue.Should().BeTrue();
        }
        // The district gets its own time too; when that runs out there is nowhere higher to go.
        var last = c.Deadlines.Single(d => d.FiredAt is null);
        last.Level.Should().Be(EscalationLevel.District);
        last.Fire(last.DueAt);
        c.Escalate(last, last.DueAt);
        c.Level.Should().Be(EscalationLevel.District);
        c.Deadlines.Where(d => d.FiredAt is null).Should().BeEmpty("the district is the top of the ladder");
        c.Events.Count(e => e.Action == "Escalate").Should().Be(4);
    }

    [Fact]
    public void A_postponement_extends_the_handling_limit_once_approved()
    {
        var c = NewCase(handle: 24);
        c.Apply(CaseAction.Accept, Someone, T0, new());
        c.Apply(CaseAction.Dispatch, Someone, T0, new());
        c.Apply(CaseAction.CheckIn, Someone, T0, new());
        c.Apply(CaseAction.RequestPostpone, Someone, T0, new(Note: "需要采购配件", Hours: 48));
        c.Deadlines.Single(d => d.CancelledAt is null).DueAt.Should().Be(T0.AddHours(24), "asking is not yet getting");
        c.Apply(CaseAction.ApprovePostpone, Someone, T0, new());
        var d = c.Deadlines.Single(x => x.CancelledAt is null);
        (d.DueAt, d.WarnAt).Should().Be((T0.AddHours(72), T0.AddHours(72 * 0.8)));
    }

    [Theory]
    [InlineData(CaseAction.Reject)]
    [InlineData(CaseAction.Return)]
    [InlineData(CaseAction.Rework)]
    public void Refusals_need_a_reason(CaseAction action)
    {
        var c = NewCase();
        var refused = () => c.Apply(action, Someone, T0, new(Note: " "));
        if (CaseWorkflow.Allows(c.State, action))
            refused.Should().Throw<DomainException>().Which.Code.Should().Be("case.reason");
        CaseWorkflow.NeedsReason(action).Should().BeTrue();
    }

    [Fact]
    public void A_rating_is_one_to_five()
    {
        var c = NewCase();
        foreach (var a in new[] { CaseAction.Accept, CaseAction.Dispatch, CaseAction.CheckIn, CaseAction.Handle, CaseAction.Verify })
            c.Apply(a, Someone, T0, new());
        var bad = () => c.Apply(CaseAction.Evaluate, Someone, T0, new(Rating: 6));
        bad.Should().Throw<DomainException>().Which.Code.Should().Be("case.rating");
        c.Apply(CaseAction.Evaluate, Someone, T0, new(Rating: 4, Note: "及时"));
        (c.State, c.Rating).Should().Be((CaseState.Evaluated, 4));
    }
}
