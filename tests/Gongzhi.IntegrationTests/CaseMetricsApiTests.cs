using System.Net;

namespace Gongzhi.IntegrationTests;

public sealed class CaseMetricsApiTests
{
    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Metrics_group_the_demo_cases_within_scope(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var byStreet = await (await admin.GetAsync("/api/cases/metrics?by=Street")).Json(HttpStatusCode.OK);
        var rows = byStreet["rows"]!.AsArray();
        rows.Should().NotBeEmpty();
        rows.Sum(r => r!["total"]!.GetValue<int>()).Should().Be(byStreet["total"]!["total"]!.GetValue<int>());
        byStreet["total"]!["closed"]!.GetValue<int>().Should().BeGreaterThan(0, "the demo has closed cases");
        rows.Select(r => r!["name"]!.GetValue<string>()).Should().Contain("莫愁湖街道");

        var street = await app.ClientAsAsync(Accounts.Street);
        var own = await (await street.GetAsync("/api/cases/metrics?by=Community")).Json(HttpStatusCode.OK);
        own["rows"]!.AsArray().Should().OnlyContain(r => r!["key"]!.GetValue<string>().StartsWith("320105001"));
        (await (await admin.GetAsync("/api/cases/metrics?by=Department")).Json(HttpStatusCode.OK))["rows"]!.AsArray()
            .Select(r => r!["name"]!.GetValue<string>()).Should().Contain("城管局");

        var xlsx = await admin.GetAsync("/api/cases/metrics.xlsx?by=Category&from=2020-01-01&to=2099-12-31");
        xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
        (await xlsx.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal((byte)'P', (byte)'K');
        (await admin.GetAsync("/api/cases/metrics?by=Planet")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await (await app.ClientAsAsync(Accounts.Resident)).GetAsync("/api/cases/metrics")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
