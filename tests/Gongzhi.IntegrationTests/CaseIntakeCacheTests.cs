using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gongzhi.IntegrationTests;

/// <summary>
/// Intake keeps the caller (user + assignments) and the disposal models in memory: a change must still count from the
/// very next request on the node that made it, and within moments on another node (LISTEN/NOTIFY).
/// </summary>
public sealed class CaseIntakeCacheTests
{
    const string Inside = CasesApiTests.Grid, Elsewhere = "320105002003004"; // 莫愁湖街道 and 沙洲街道

    static async Task<HttpResponseMessage> Report(HttpClient client, (double Lat, double Lng) at, string category = "baolu-laji") =>
        await client.PostAsJsonAsync("/api/cases", new { category, description = "垃圾桶满溢，周边有异味", lat = at.Lat, lng = at.Lng, channel = "GridPatrol" });

    /// <summary>A new account with StreetStaff on 莫愁湖街道, signed in by bearer token; returns its id and client.</summary>
    static async Task<(string Id, HttpClient Client)> NewStreetStaffAsync(GongzhiApp app, HttpClient admin)
    {
        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "cache@gongzhi.local", displayName = "缓存测试", password = "Cache@2026xx" })).Json(HttpStatusCode.Created);
        var id = user["id"]!.GetValue<string>();
        (await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "StreetStaff", areaCode = "320105001" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "cache@gongzhi.local", password = "Cache@2026xx" })).Json(HttpStatusCode.OK);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());
        return (id, client);
    }

    static async Task<Guid> AssignmentId(HttpClient admin, string userId, string areaCode) =>
        (await (await admin.GetAsync($"/api/admin/users/{userId}")).Json(HttpStatusCode.OK))["assignments"]!.AsArray()
            .Single(a => a!["areaCode"]!.GetValue<string>() == areaCode)!["id"]!.GetValue<Guid>();

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task An_assignment_or_account_change_counts_from_the_next_request(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var inside = await CasesApiTests.CentreOf(admin, Inside);
        var elsewhere = await CasesApiTests.CentreOf(admin, Elsewhere);
        var (id, staff) = await NewStreetStaffAsync(app, admin);

        (await Report(staff, inside)).StatusCode.Should().Be(HttpStatusCode.Created);
        await (await Report(staff, elsewhere)).Problem(HttpStatusCode.Forbidden, "case.scope"); // the caller is cached now

        (await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "StreetStaff", areaCode = "320105002" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Report(staff, elsewhere)).StatusCode.Should().Be(HttpStatusCode.Created, "a new assignment counts at once");

        (await admin.DeleteAsync($"/api/admin/users/{id}/assignments/{await AssignmentId(admin, id, "320105001")}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await Report(staff, inside)).Problem(HttpStatusCode.Forbidden, "case.scope");

        (await admin.DeleteAsync($"/api/admin/users/{id}/assignments/{await AssignmentId(admin, id, "320105002")}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Report(staff, elsewhere)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "without assignments the caller may report nowhere");

        (await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "StreetStaff", areaCode = "320105002" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Report(staff, elsewhere)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await admin.PostAsync($"/api/admin/users/{id}/disabled?disabled=true", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Report(staff, elsewhere)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "a disabled account's bearer token no longer acts");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_disposal_model_change_counts_from_the_next_report(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var at = await CasesApiTests.CentreOf(admin, Inside);
        var before = await (await Report(admin, at)).Json(HttpStatusCode.Created);
        (await (await admin.GetAsync($"/api/cases/{before["id"]}")).Json(HttpStatusCode.OK))["department"]!.GetValue<string>().Should().Be("城管局");

        await EditAsync(admin, "环卫所");
        var after = await (await Report(admin, at)).Json(HttpStatusCode.Created);
        (await (await admin.GetAsync($"/api/cases/{after["id"]}")).Json(HttpStatusCode.OK))["department"]!.GetValue<string>().Should().Be("环卫所");
        (await (await admin.GetAsync($"/api/cases/{before["id"]}")).Json(HttpStatusCode.OK))["department"]!.GetValue<string>().Should().Be("城管局", "a running case keeps its version");
    }

    static async Task EditAsync(HttpClient admin, string department)
    {
        var models = await (await admin.GetAsync("/api/cases/models")).Json(HttpStatusCode.OK);
        var m = models.AsArray().Single(x => x!["code"]!.GetValue<string>() == "baolu-laji")!;
        (await admin.PutAsJsonAsync("/api/cases/models/baolu-laji", new
        {
            name = m["name"]!.GetValue<string>(), nameEn = m["nameEn"]!.GetValue<string>(), gbMajor = m["gbMajor"]?.GetValue<string>(), gbMinor = m["gbMinor"]?.GetValue<string>(),
            department, whistle = m["whistle"]!.GetValue<string>(), checkInHours = m["checkInHours"]!.GetValue<double>(),
            handleHours = m["handleHours"]!.GetValue<double>(), verifyHours = m["verifyHours"]!.GetValue<double>(),
        })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>Polls <paramref name="attempt"/> for up to 5 s until it returns <paramref name="expected"/>.</summary>
    static async Task<HttpStatusCode> Eventually(Func<Task<HttpResponseMessage>> attempt, HttpStatusCode expected)
    {
        HttpStatusCode status = 0;
        for (var i = 0; i < 50 && status != expected; i++)
        {
            status = (await attempt()).StatusCode;
            if (status != expected) await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return status;
    }

    [Fact]
    public async Task Changes_made_on_one_node_reach_the_other_nodes_cached_callers_and_models()
    {
        await using var a = await GongzhiApp.StartAsync(Db.Postgres);
        await using var b = a.SecondNode();
        var adminOnB = await b.ClientAsAsync(Accounts.Admin);
        var adminOnA = await a.ClientAsAsync(Accounts.Admin);
        var elsewhere = await CasesApiTests.CentreOf(adminOnB, Elsewhere);
        var inside = await CasesApiTests.CentreOf(adminOnB, Inside);
        var (id, staffOnA) = await NewStreetStaffAsync(a, adminOnB);
        await (await Report(staffOnA, elsewhere)).Problem(HttpStatusCode.Forbidden, "case.scope"); // node A caches the caller
        var first = await (await Report(adminOnA, inside)).Json(HttpStatusCode.Created);             // and the models
        await Task.Delay(500, TestContext.Current.CancellationToken); // both relays are listening by now

        (await adminOnB.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "StreetStaff", areaCode = "320105002" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Eventually(() => Report(staffOnA, elsewhere), HttpStatusCode.Created)).Should().Be(HttpStatusCode.Created,
            "node A should have dropped the cached caller within 5 s of node B's change");

        await EditAsync(adminOnB, "环卫所");
        string? department = null;
        for (var i = 0; i < 50 && department != "环卫所"; i++)
        {
            var created = await (await Report(adminOnA, inside)).Json(HttpStatusCode.Created);
            department = (await (await adminOnA.GetAsync($"/api/cases/{created["id"]}")).Json(HttpStatusCode.OK))["department"]!.GetValue<string>();
            if (department != "环卫所") await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        department.Should().Be("环卫所", "node A should have dropped the cached models within 5 s of node B's change");
        (await (await adminOnA.GetAsync($"/api/cases/{first["id"]}")).Json(HttpStatusCode.OK))["department"]!.GetValue<string>().Should().Be("城管局");
    }
}
