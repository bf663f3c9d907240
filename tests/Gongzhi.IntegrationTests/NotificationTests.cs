using System.Net;
using System.Net.Http.Json;
using Gongzhi.Web.Modules.Cases;

namespace Gongzhi.IntegrationTests;

public sealed class NotificationTests
{
    static async Task<int> UnreadAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/notifications/unread-count")).Json(HttpStatusCode.OK))["count"]!.GetValue<int>();

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Whoever_must_act_next_is_notified(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var street = await app.ClientAsAsync(Accounts.Street);
        var dept = await app.ClientAsAsync(Accounts.Dept);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        foreach (var c in new[] { street, dept, grid, secretary }) (await c.PostAsync("/api/notifications/read-all", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var id = await CasesApiTests.ReportAsync(grid);
        (await UnreadAsync(street)).Should().Be(1, "the street's dispatchers accept new cases");
        (await UnreadAsync(dept)).Should().Be(0);
        var item = (await (await street.GetAsync("/api/notifications?unread=true")).Json(HttpStatusCode.OK))["items"]![0]!;
        item["key"]!.GetValue<string>().Should().Be("notify.case.reported");
        item["link"]!.GetValue<string>().Should().Be($"/cases/{id}");

        await street.PostAsJsonAsync($"/api/cases/{id}/accept", new { });
        await street.PostAsJsonAsync($"/api/cases/{id}/dispatch", new { });
        (await UnreadAsync(dept)).Should().Be(1, "城管局 must check in");
        (await street.PostAsync($"/api/notifications/{item["id"]}/read", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await UnreadAsync(street)).Should().Be(0);

        // Overdue: the check-in deadline escalates to the community, whose secretary is told.
        app.Advance(TimeSpan.FromHours(2.1));
        while (await app.Service<DeadlineSweeper>().SweepAsync() > 0) { }
        var sec = await app.ClientAsAsync(Accounts.Secretary);
        var keys = (await (await sec.GetAsync("/api/notifications?unread=true")).Json(HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!["key"]!.GetValue<string>());
        keys.Should().Contain("notify.case.escalated");

        var d = await app.ClientAsAsync(Accounts.Dept);
        await d.PostAsJsonAsync($"/api/cases/{id}/check-in", new { });
        await d.PostAsJsonAsync($"/api/cases/{id}/handle", new { note = "已处理" });
        var g = await app.ClientAsAsync(Accounts.Grid);
        (await (await g.GetAsync("/api/notifications?unread=true")).Json(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(i => i!["key"]!.GetValue<string>()).Should().Contain("notify.case.handled");
        await g.PostAsJsonAsync($"/api/cases/{id}/verify", new { note = "ok" });
        (await (await g.GetAsync("/api/notifications?unread=true")).Json(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(i => i!["key"]!.GetValue<string>()).Should().Contain("notify.case.closed", "the grid worker reported it, so they rate it");

        // Another street's staff and the resident see nothing of it.
        (await (await (await app.ClientAsAsync(Accounts.Resident)).GetAsync("/api/notifications")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);
    }
}
