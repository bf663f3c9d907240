using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Cases;

namespace Gongzhi.IntegrationTests;

public sealed class CasesApiTests
{
    /// <summary>The demo grid worker's own grid (凤栖苑社区第1网格).</summary>
    internal const string Grid = "320105001001001";

    internal static async Task<(double Lat, double Lng)> CentreOf(HttpClient client, string grid)
    {
        var area = await (await client.GetAsync($"/api/areas/{grid}")).Json(HttpStatusCode.OK);
        return (area["lat"]!.GetValue<double>(), area["lng"]!.GetValue<double>());
    }

    internal static async Task<string> ReportAsync(HttpClient client, string category = "baolu-laji", string grid = Grid)
    {
        var (lat, lng) = await CentreOf(client, grid);
        var created = await (await client.PostAsJsonAsync("/api/cases", new { category, description = "垃圾桶满溢，周边有异味", lat, lng, channel = "GridPatrol" }))
            .Json(HttpStatusCode.Created);
        created["areaCode"]!.GetValue<string>().Should().Be(grid);
        return created["id"]!.GetValue<string>();
    }

    static Task<HttpResponseMessage> Act(HttpClient client, string id, string action, object? body = null) =>
        client.PostAsJsonAsync($"/api/cases/{id}/{action}", body ?? new { });

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_case_goes_round_the_whole_loop_with_its_timeline(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var street = await app.ClientAsAsync(Accounts.Street);
        var dept = await app.ClientAsAsync(Accounts.Dept);
        var id = await ReportAsync(grid);

        await (await Act(dept, id, "check-in")).Problem(HttpStatusCode.Conflict, "case.transition");
        (await Act(street, id, "accept")).StatusCode.Should().Be(HttpStatusCode.OK);
        var dispatched = await (await Act(street, id, "dispatch", new { note = "请城管局按时报到" })).Json(HttpStatusCode.OK);
        dispatched["department"]!.GetValue<string>().Should().Be("城管局");
        dispatched["openDeadlines"]![0]!["kind"]!.GetValue<string>().Should().Be("CheckIn");

        (await Act(grid, id, "check-in")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "only the department checks in");
        (await Act(dept, id, "check-in", new { note = "已报到" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Act(dept, id, "handle", new { note = "已清运" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Act(grid, id, "verify", new { note = "现场核查通过" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Act(street, id, "evaluate", new { rating = 5 })).StatusCode.Should().Be(HttpStatusCode.Forbidden, "only the reporter rates");
        var done = await (await Act(grid, id, "evaluate", new { rating = 5, note = "很及时" })).Json(HttpStatusCode.OK);

        done["state"]!.GetValue<string>().Should().Be("Evaluated");
        done["rating"]!.GetValue<int>().Should().Be(5);
        done["events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())
            .Should().Equal("Report", "Accept", "Dispatch", "CheckIn", "Handle", "Verify", "Evaluate");
        done["events"]![3]!["role"]!.GetValue<string>().Should().Be("DepartmentStaff");
        done["openDeadlines"]!.AsArray().Should().BeEmpty();

        var late = await (await Act(street, id, "dispatch")).Problem(HttpStatusCode.Conflict, "case.transition");
        late["detail"]!.GetValue<string>().Should().Contain("已评价").And.Contain("派遣");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Reject_return_rework_postpone_and_merge(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var street = await app.ClientAsAsync(Accounts.Street);
        var dept = await app.ClientAsAsync(Accounts.Dept);

        var rejected = await ReportAsync(grid);
        await (await Act(street, rejected, "reject")).Problem(HttpStatusCode.UnprocessableEntity, "case.reason");
        (await (await Act(street, rejected, "reject", new { note = "重复上报" })).Json(HttpStatusCode.OK))["state"]!.GetValue<string>().Should().Be("Rejected");

        var id = await ReportAsync(grid);
        await Act(street, id, "accept");
        await Act(street, id, "dispatch");
        (await (await Act(dept, id, "return", new { note = "不属于城管职责" })).Json(HttpStatusCode.OK))["state"]!.GetValue<string>().Should().Be("Registered");
        await Act(street, id, "dispatch");
        await Act(dept, id, "check-in");
        await (await Act(dept, id, "request-postpone", new { note = "需要采购配件" })).Problem(HttpStatusCode.UnprocessableEntity, "case.postpone.hours");
        var before = (await (await Act(dept, id, "request-postpone", new { note = "需要采购配件", hours = 48 })).Json(HttpStatusCode.OK))["openDeadlines"]![0]!["dueAt"]!.GetValue<DateTimeOffset>();
        (await Act(dept, id, "approve-postpone")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the street approves");
        var after = (await (await Act(street, id, "approve-postpone")).Json(HttpStatusCode.OK))["openDeadlines"]![0]!["dueAt"]!.GetValue<DateTimeOffset>();
        (after - before).Should().Be(TimeSpan.FromHours(48));
        await Act(dept, id, "handle", new { note = "已处理" });
        (await (await Act(grid, id, "rework", new { note = "仍有垃圾" })).Json(HttpStatusCode.OK))["state"]!.GetValue<string>().Should().Be("CheckedIn");

        var main = await ReportAsync(grid);
        var duplicate = await ReportAsync(grid);
        var candidates = (await (await grid.GetAsync($"/api/cases/{duplicate}/duplicates")).Json(HttpStatusCode.OK)).AsArray();
        candidates.Select(c => c!["id"]!.GetValue<string>()).Should().Contain(main);
        var merged = await (await Act(street, duplicate, "merge", new { mainCaseId = main })).Json(HttpStatusCode.OK);
        (merged["state"]!.GetValue<string>(), merged["mergedIntoId"]!.GetValue<string>()).Should().Be(("Merged", main));
        var mainView = await (await grid.GetAsync($"/api/cases/{main}")).Json(HttpStatusCode.OK);
        mainView["events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()).Should().Contain("MergedIn");
        await (await Act(street, main, "merge", new { mainCaseId = main })).Problem(HttpStatusCode.UnprocessableEntity, "case.merge.main");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_point_outside_every_grid_goes_to_triage_and_bad_reports_are_refused(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var created = await (await admin.PostAsJsonAsync("/api/cases", new { category = "daolu-posun", description = "城外道路破损严重", lat = 31.5, lng = 118.2 })).Json(HttpStatusCode.Created);
        (created["inTriage"]!.GetValue<bool>(), created["areaCode"]!.GetValue<string>()).Should().Be((true, "320105"));
        var id = created["id"]!.GetValue<string>();
        await (await Act(admin, id, "accept")).Problem(HttpStatusCode.UnprocessableEntity, "case.triage.grid");
        await (await Act(admin, id, "accept", new { gridCode = "320105999001001" })).Problem(HttpStatusCode.UnprocessableEntity, "case.triage.grid");
        var accepted = await (await Act(admin, id, "accept", new { gridCode = "320105002003004" })).Json(HttpStatusCode.OK);
        (accepted["inTriage"]!.GetValue<bool>(), accepted["areaCode"]!.GetValue<string>()).Should().Be((false, "320105002003004"));

        await (await admin.PostAsJsonAsync("/api/cases", new { category = "no-such", description = "问题描述", lat = 32.06, lng = 118.7 })).Problem(HttpStatusCode.BadRequest, "case.category");
        await (await admin.PostAsJsonAsync("/api/cases", new { category = "baolu-laji", description = "问题描述", lat = 32.06 })).Problem(HttpStatusCode.BadRequest, "case.location");
        (await admin.PostAsJsonAsync("/api/cases", new { category = "baolu-laji", description = "问题描述", lat = 95, lng = 118.7 })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.PostAsJsonAsync("/api/cases", new { category = "baolu-laji", description = "" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // A grid worker reports only inside their own grid.
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var (lat, lng) = await CentreOf(admin, "320105002003004");
        await (await grid.PostAsJsonAsync("/api/cases", new { category = "baolu-laji", description = "别处的问题", lat, lng })).Problem(HttpStatusCode.Forbidden, "case.scope");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Cases_are_seen_only_within_scope_department_and_by_their_reporter(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var elsewhere = await ReportAsync(admin, "baolu-laji", "320105002003004"); // 沙洲街道, 城管局
        var fire = await ReportAsync(admin, "xiaofang-dusai", "320105001004001");  // 莫愁湖街道, 消防救援大队

        var expectations = new (string Account, string Case, HttpStatusCode Status)[]
        {
            (Accounts.Street, elsewhere, HttpStatusCode.NotFound), (Accounts.Street, fire, HttpStatusCode.OK),
            (Accounts.Secretary, fire, HttpStatusCode.NotFound), (Accounts.Grid, fire, HttpStatusCode.NotFound),
            (Accounts.Dept, elsewhere, HttpStatusCode.OK), (Accounts.Dept, fire, HttpStatusCode.NotFound),
            (Accounts.Resident, elsewhere, HttpStatusCode.NotFound), (Accounts.Member, fire, HttpStatusCode.NotFound),
            (Accounts.Admin, fire, HttpStatusCode.OK),
        };
        foreach (var (account, id, status) in expectations)
        {
            var client = await app.ClientAsAsync(account);
            (await client.GetAsync($"/api/cases/{id}")).StatusCode.Should().Be(status, $"{account} GET {id}");
            if (status == HttpStatusCode.NotFound)
                (await Act(client, id, "accept")).StatusCode.Should().Be(HttpStatusCode.NotFound, $"{account} accept {id}");
        }
        (await (await app.ClientAsAsync(Accounts.Grid)).PostAsJsonAsync("/api/cases/models/baolu-laji", new { })).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        var list = await (await (await app.ClientAsAsync(Accounts.Street)).GetAsync("/api/cases?pageSize=200")).Json(HttpStatusCode.OK);
        list["items"]!.AsArray().Should().OnlyContain(c => c!["areaCode"]!.GetValue<string>().StartsWith("320105001"));
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_new_model_version_leaves_running_cases_on_theirs(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var models = (await (await admin.GetAsync("/api/cases/models")).Json(HttpStatusCode.OK)).AsArray();
        models.Should().HaveCount(22);
        var running = await ReportAsync(admin);
        var edit = new { name = "暴露垃圾", nameEn = "Exposed rubbish", gbMajor = "01", gbMinor = "01", department = "环卫所", whistle = "Daily", checkInHours = 1, handleHours = 6, verifyHours = 4 };
        (await (await app.ClientAsAsync(Accounts.Street)).PutAsJsonAsync("/api/cases/models/baolu-laji", edit)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await admin.PutAsJsonAsync("/api/cases/models/baolu-laji", edit)).Json(HttpStatusCode.OK))["version"]!.GetValue<int>().Should().Be(2);
        (await (await admin.GetAsync("/api/cases/models/baolu-laji/versions")).Json(HttpStatusCode.OK)).AsArray().Should().HaveCount(2);

        var old = await (await admin.GetAsync($"/api/cases/{running}")).Json(HttpStatusCode.OK);
        (old["modelVersion"]!.GetValue<int>(), old["department"]!.GetValue<string>()).Should().Be((1, "城管局"));
        var fresh = await (await admin.GetAsync($"/api/cases/{await ReportAsync(admin)}")).Json(HttpStatusCode.OK);
        (fresh["modelVersion"]!.GetValue<int>(), fresh["department"]!.GetValue<string>()).Should().Be((2, "环卫所"));
    }
}
