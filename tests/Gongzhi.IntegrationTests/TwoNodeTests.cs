using System.Net;
using System.Text.Json.Nodes;

using Gongzhi.Web.Modules.Cases.Public;
using Gongzhi.Web.Platform.Realtime;

namespace Gongzhi.IntegrationTests;

/// <summary>Two app hosts on one PostgreSQL database, as in a cluster.</summary>
public sealed class TwoNodeTests
{
    [Fact]
    public async Task A_case_reported_on_one_node_reaches_the_boards_of_the_other_within_2_s()
    {
        await using var a = await GongzhiApp.StartAsync(Db.Postgres);
        await using var b = a.SecondNode();
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = a.Service<ChangeBus>().Subscribe(CaseBoard.Changed, _ => heard.TrySetResult());
        var reporter = await b.ClientAsAsync(Accounts.Grid); // signed in before: only the change itself is timed
        await Task.Delay(500, TestContext.Current.CancellationToken); // both relays are listening by now
        await CasesApiTests.ReportAsync(reporter);
        // Node A hears of it within 2 s of the change being committed on node B (else WaitAsync throws TimeoutException).
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_grid_imported_on_one_node_is_located_on_the_other()
    {
        await using var a = await GongzhiApp.StartAsync(Db.Postgres);
        await using var b = a.SecondNode();
        var onA = await a.ClientAsAsync(Accounts.City);
        var onB = await b.ClientAsAsync(Accounts.City);
        const string point = "/api/areas/locate?lat=32.085&lng=118.795";
        (await onA.GetAsync(point)).StatusCode.Should().Be(HttpStatusCode.NotFound, "node A has built its index: the point is in no grid yet");

        (await onB.PostAsync("/api/areas/divisions", Http.File("file", "code,name\n320106,鼓楼区\n320106001,宁海路街道\n320106001001,北京西路社区居委会\n", "g.csv"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var grid = JsonNode.Parse("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"320106001001001","name":"北京西路第1网格"},
             "geometry":{"type":"Polygon","coordinates":[[[118.79,32.08],[118.80,32.08],[118.80,32.09],[118.79,32.09],[118.79,32.08]]]}}]}
            """)!;
        (await onB.PostAsync("/api/areas/grids.geojson", Http.GeoJson(grid))).StatusCode.Should().Be(HttpStatusCode.OK);

        // Node A learns of the change through LISTEN/NOTIFY, not by restarting.
        HttpStatusCode status = 0;
        for (var i = 0; i < 50 && status != HttpStatusCode.OK; i++)
        {
            status = (await onA.GetAsync(point)).StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        status.Should().Be(HttpStatusCode.OK, "node A should have dropped its index within 5 s of node B's change");
        (await (await onA.GetAsync(point)).Json(HttpStatusCode.OK))["grid"]!["code"]!.GetValue<string>().Should().Be("320106001001001");
    }
}
