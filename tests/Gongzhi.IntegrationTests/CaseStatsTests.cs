using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Gongzhi.Web.Modules.Cases;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.IntegrationTests;

/// <summary>The monthly metric totals (folded rows plus pending deltas) always give the figures counted from the cases.</summary>
public sealed class CaseStatsTests
{
    static readonly MetricGroup[] Groups = [MetricGroup.Street, MetricGroup.Community, MetricGroup.Department, MetricGroup.Category];
    static readonly string[] Callers = [Accounts.Admin, Accounts.Street, Accounts.Secretary, Accounts.Dept];

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Totals_agree_with_the_cases_before_and_after_folding(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        await SameFiguresAsync(app, "the demo as seeded, deltas unfolded");

        // Changes of every kind: a new case, one accepted, dispatched to another department, checked in and handled, one rejected.
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var street = await app.ClientAsAsync(Accounts.Street);
        var dept = await app.ClientAsAsync(Accounts.Dept);
        var a = await CasesApiTests.ReportAsync(grid);
        var b = await CasesApiTests.ReportAsync(grid, "zhandao-jingying");
        var c = await CasesApiTests.ReportAsync(grid);
        (await street.PostAsJsonAsync($"/api/cases/{a}/accept", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await street.PostAsJsonAsync($"/api/cases/{a}/dispatch", new { department = "城管局" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await dept.PostAsJsonAsync($"/api/cases/{a}/check-in", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await dept.PostAsJsonAsync($"/api/cases/{a}/handle", new { note = "已清运" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await street.PostAsJsonAsync($"/api/cases/{b}/reject", new { note = "重复上报" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await street.PostAsJsonAsync($"/api/cases/{c}/accept", new { })).StatusCode.Should().Be(HttpStatusCode.OK);
        await SameFiguresAsync(app, "after changes, deltas unfolded");

        var folder = app.Service<CaseStatsFolder>();
        while (await folder.FoldAsync(CancellationToken.None) > 0) { }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            (await data.Set<CaseStatDelta>().CountAsync()).Should().Be(0, "every delta was folded");
            (await data.Set<CaseStat>().CountAsync()).Should().BeGreaterThan(0);
        }
        await SameFiguresAsync(app, "all folded");

        (await street.PostAsJsonAsync($"/api/cases/{c}/dispatch", new { department = "城管局" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await SameFiguresAsync(app, "folded totals plus a new delta");

        // A database from before the rollup: no totals, no deltas. The folder builds them from the cases.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            await data.Set<CaseStat>().ExecuteDeleteAsync();
            await data.Set<CaseStatDelta>().ExecuteDeleteAsync();
        }
        await folder.RebuildIfMissingAsync(CancellationToken.None);
        await SameFiguresAsync(app, "rebuilt from the cases");
    }

    static async Task SameFiguresAsync(GongzhiApp app, string because)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        foreach (var email in Callers)
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var caller = await Caller.LoadAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test")), db);
            foreach (var by in Groups)
            foreach (var (from, to) in new (DateOnly?, DateOnly?)[] { (null, null), (monthStart, monthStart.AddMonths(1).AddDays(-1)) })
            {
                var totals = await CaseMetrics.ReportAsync(db, caller, by, from, to, useTotals: true, CancellationToken.None);
                var cases = await CaseMetrics.ReportAsync(db, caller, by, from, to, useTotals: false, CancellationToken.None);
                totals.Should().BeEquivalentTo(cases, o => o.WithStrictOrdering(), $"{email} by {by} from {from} ({because})");
            }
        }
    }
}
