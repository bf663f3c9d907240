using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Cases;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.IntegrationTests;

public sealed class DeadlineTests
{
    static async Task<string> DispatchedAsync(GongzhiApp app)
    {
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var street = await app.ClientAsAsync(Accounts.Street);
        var id = await CasesApiTests.ReportAsync(grid); // 暴露垃圾: check-in within 2 h
        (await street.PostAsJsonAsync($"/api/cases/{id}/accept", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await street.PostAsJsonAsync($"/api/cases/{id}/dispatch", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        return id;
    }

    static async Task<System.Text.Json.Nodes.JsonNode> CaseAsync(GongzhiApp app, string id) =>
        await (await (await app.ClientAsAsync(Accounts.Admin)).GetAsync($"/api/cases/{id}")).Json(HttpStatusCode.OK);

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task An_overdue_check_in_warns_then_escalates_through_every_level(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var id = await DispatchedAsync(app);
        var sweeper = app.Service<DeadlineSweeper>();

        app.Advance(TimeSpan.FromMinutes(100)); // 83 % of 2 h
        await sweeper.SweepAsync();
        var warned = await CaseAsync(app, id);
        (warned["warning"]!.GetValue<bool>(), warned["overdue"]!.GetValue<bool>(), warned["level"]!.GetValue<string>()).Should().Be((true, false, "Grid"));

        foreach (var level in new[] { "Community", "Street", "District" })
        {
            app.Advance(TimeSpan.FromHours(2.01));
            while (await sweeper.SweepAsync() > 0) { }
            var c = await CaseAsync(app, id);
            (c["overdue"]!.GetValue<bool>(), c["level"]!.GetValue<string>()).Should().Be((true, level));
        }
        var events = (await CaseAsync(app, id))["events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).ToList();
        events.Count(e => e == "Escalate").Should().Be(3);
        events.Count(e => e == "Warn").Should().BeGreaterThanOrEqualTo(1);

        // Checking in stops the clock: no further escalation however long we wait.
        (await (await app.ClientAsAsync(Accounts.Dept)).PostAsJsonAsync($"/api/cases/{id}/check-in", new { note = "迟到报到" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var countBefore = (await CaseAsync(app, id))["events"]!.AsArray().Count;
        app.Advance(TimeSpan.FromHours(20)); // less than the 24 h handling limit
        await sweeper.SweepAsync();
        (await CaseAsync(app, id))["events"]!.AsArray().Count.Should().Be(countBefore + 1, "only the handling warning at 80 % of 24 h has come");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_restarted_host_still_fires_the_pending_deadline(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        string id;
        await using (var first = app.SecondNode()) id = await DispatchedAsync(first);
        app.Advance(TimeSpan.FromHours(3));
        await using var second = app.SecondNode(); // a new process on the same database, its clock past the deadline
        while (await second.Service<DeadlineSweeper>().SweepAsync() > 0) { }
        var c = await CaseAsync(second, id);
        (c["overdue"]!.GetValue<bool>(), c["level"]!.GetValue<string>()).Should().Be((true, "Community"));
    }

    [Fact]
    public async Task Two_hosts_on_one_postgres_database_fire_each_of_1000_deadlines_exactly_once()
    {
        await using var a = await GongzhiApp.StartAsync(Db.Postgres);
        await using var b = a.SecondNode();
        var t0 = a.Clock.GetUtcNow();
        var ids = new List<Guid>();
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            var model = await db.Set<DisposalModel>().SingleAsync(m => m.Code == "baolu-laji" && m.IsCurrent);
            var someone = new Actor(null, "test", "StreetStaff");
            for (var i = 0; i < 1000; i++)
            {
                var c = ReportCase.New(model, new ReportCase.Request(model.Code, "批量测试案件", null, null), "320105001001001", false,
                    Gongzhi.Web.Platform.Auth.Caller.Anonymous, t0, $"TEST{i:000000}");
                c.Apply(CaseAction.Accept, someone, t0, new());
                c.Apply(CaseAction.Dispatch, someone, t0, new());
                db.Add(c);
                ids.Add(c.Id);
            }
            await db.SaveChangesAsync();
        }
        a.Advance(TimeSpan.FromHours(3));
        b.Advance(TimeSpan.FromHours(3));
        async Task<int> Drain(GongzhiApp node)
        {
            var total = 0;
            for (int n; (n = await node.Service<DeadlineSweeper>().SweepAsync()) > 0;) total += n;
            return total;
        }
        // Both nodes sweep at once.
        await Task.WhenAll(Drain(a), Drain(b), Drain(a), Drain(b));

        await using var check = a.Services.CreateAsyncScope();
        var store = check.ServiceProvider.GetRequiredService<GongzhiDb>();
        for (var i = 0; i < 100 && await store.Set<Deadline>().AnyAsync(d => ids.Contains(d.CaseId) && d.Level == EscalationLevel.Grid && d.FiredAt == null && d.CancelledAt == null); i++)
        {
            await Task.WhenAll(Drain(a), Drain(b));
            await Task.Delay(100);
        }
        var escalations = await store.Set<CaseEvent>().Where(e => ids.Contains(e.CaseId) && e.Action == "Escalate").GroupBy(e => e.CaseId)
            .Select(g => g.Count()).ToListAsync();
        escalations.Should().HaveCount(1000).And.OnlyContain(n => n == 1, "each deadline fired exactly once");
        (await store.Set<Deadline>().CountAsync(d => ids.Contains(d.CaseId) && d.Kind == DeadlineKind.CheckIn && d.FiredAt != null && d.Level == EscalationLevel.Grid))
            .Should().Be(1000);
    }
}
