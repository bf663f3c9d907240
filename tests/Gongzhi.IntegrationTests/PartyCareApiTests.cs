using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Platform.Time;

namespace Gongzhi.IntegrationTests;

/// <summary>PT-4 (民主评议, awards and discipline, care records) and PT-6 (pioneer roles) over HTTP.</summary>
public sealed class PartyCareApiTests
{
    const string Community = "320105001001"; // 凤栖苑, the demo secretary's
    // Grids 3 and 4 have branches without building groups: their members sit in the branch, their area is the grid.
    const string Grid1 = "320105001001003", Grid2 = "320105001001004";
    const string OtherCommunity = "320105002001"; // 沙洲街道

    static DateOnly Today(GongzhiApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime);
    static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    static string S(JsonNode? n) => n!.GetValue<string>();

    static async Task<string> Branch(HttpClient c, string grid) =>
        S((await (await c.GetAsync("/api/party/orgs?area=" + grid)).Json(HttpStatusCode.OK)).AsArray()
            .Single(o => S(o!["kind"]) == "GridBranch")!["id"]);

    static async Task<List<string>> MembersOf(HttpClient c, string org) =>
        [.. (await (await c.GetAsync($"/api/party/members?org={org}&pageSize=50")).Json(HttpStatusCode.OK))["items"]!.AsArray().Select(m => S(m!["id"]))];

    /// <summary>Households of the first buildings of a grid that have some.</summary>
    static async Task<List<(string Id, string Building)>> Households(HttpClient c, string grid)
    {
        var result = new List<(string, string)>();
        for (var b = 1; b <= 12 && result.Count < 6; b++)
        {
            var building = grid + b.ToString("000");
            var r = await c.GetAsync("/api/registry/households?building=" + building);
            if (r.StatusCode != HttpStatusCode.OK) continue;
            result.AddRange((await r.Json(HttpStatusCode.OK)).AsArray().Select(h => (S(h!["id"]), building)));
        }
        return result;
    }

    static async Task<(int Evaluations, int Care, int Roles)> Counts(HttpClient admin, string org, int year)
    {
        var evals = (await (await admin.GetAsync($"/api/party/evaluations?org={org}&year={year}")).Json(HttpStatusCode.OK)).AsArray().Count(r => r!["evaluation"] is not null);
        var care = (await (await admin.GetAsync("/api/party/care?pageSize=1")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>();
        var roles = (await (await admin.GetAsync("/api/party/roles")).Json(HttpStatusCode.OK)).AsArray().Count;
        return (evals, care, roles);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Evaluations_once_a_year_awards_and_care_records(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var today = Today(app);
        var year = today.Year;
        var branch = await Branch(secretary, Grid2);
        var members = await MembersOf(secretary, branch);
        var (m1, m2) = (members[0], members[1]);

        // The demo evaluated last year; this year starts empty.
        var last = (await (await secretary.GetAsync($"/api/party/evaluations?org={branch}&year={year - 1}")).Json(HttpStatusCode.OK)).AsArray();
        last.Should().Contain(r => r!["evaluation"] != null && r["evaluation"]!["grade"] != null);
        var rows = (await (await secretary.GetAsync($"/api/party/evaluations?org={branch}&year={year}")).Json(HttpStatusCode.OK)).AsArray();
        rows.Should().Contain(r => S(r!["memberId"]) == m1 && r["evaluation"] == null);

        // Recorded with the scores: the suggestion follows the mean; then graded.
        var created = await (await secretary.PostAsJsonAsync("/api/party/evaluations",
            new { memberId = m1, year, selfAssessment = "按时参加组织生活，带头参与楼道整治。", mutualScore = 92, mutualCount = 8, massesScore = 90 })).Json(HttpStatusCode.Created);
        S(created["suggested"]).Should().Be("Excellent");
        created["grade"].Should().BeNull();
        var id = S(created["id"]);
        var graded = await (await secretary.PutAsJsonAsync($"/api/party/evaluations/{id}",
            new { memberId = m1, year, selfAssessment = "按时参加组织生活，带头参与楼道整治。", mutualScore = 92, mutualCount = 8, massesScore = 90, grade = "Excellent" })).Json(HttpStatusCode.OK);
        S(graded["grade"]).Should().Be("Excellent");
        S(graded["gradedOn"]).Should().Be(D(today));
        (await (await secretary.GetAsync($"/api/party/evaluations/member/{m1}")).Json(HttpStatusCode.OK)).AsArray()[0]!["year"]!.GetValue<int>().Should().Be(year);

        // Refusals, nothing written: a second one in the year, a year to come, a score over 100, an unknown grade, another year on update.
        var before = await Counts(admin, branch, year);
        await (await secretary.PostAsJsonAsync("/api/party/evaluations", new { memberId = m1, year })).Problem(HttpStatusCode.Conflict, "party.evaluation.duplicate");
        await (await secretary.PostAsJsonAsync("/api/party/evaluations", new { memberId = m2, year = year + 1 })).Problem(HttpStatusCode.UnprocessableEntity, "party.evaluation.year");
        await (await secretary.PostAsJsonAsync("/api/party/evaluations", new { memberId = m2, year, massesScore = 101 })).Problem(HttpStatusCode.UnprocessableEntity, "party.evaluation.score");
        (await secretary.PostAsJsonAsync("/api/party/evaluations", new { memberId = m2, year, grade = "Best" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await (await secretary.PutAsJsonAsync($"/api/party/evaluations/{id}", new { memberId = m1, year = year - 1 })).Problem(HttpStatusCode.UnprocessableEntity, "party.evaluation.fixed");
        (await Counts(admin, branch, year)).Should().Be(before);

        // A member transferred out is not evaluated.
        (await secretary.PostAsJsonAsync($"/api/party/members/{m2}/transfer", new { destination = "江苏省苏州市某社区党委" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await secretary.PostAsJsonAsync("/api/party/evaluations", new { memberId = m2, year })).Problem(HttpStatusCode.UnprocessableEntity, "party.member.transferred");
        (await Counts(admin, branch, year)).Should().Be(before);

        // Awards and discipline.
        var award = await (await secretary.PostAsJsonAsync("/api/party/awards", new { memberId = m1, kind = "Award", on = D(today), text = "优秀共产党员" })).Json(HttpStatusCode.Created);
        S(award["byUser"]).Should().NotBeEmpty();
        await (await secretary.PostAsJsonAsync("/api/party/awards", new { memberId = m1, kind = "Discipline", on = D(today.AddDays(1)), text = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.award.future");
        (await (await secretary.GetAsync($"/api/party/awards?member={m1}")).Json(HttpStatusCode.OK)).AsArray().Should().ContainSingle();

        // Care of a member and of a registry person; the follow-up updated.
        var person = (await (await secretary.GetAsync($"/api/registry/people?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!;
        var talk = await (await secretary.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today), by = "王书记", memberId = m1, note = "谈工作与家庭" })).Json(HttpStatusCode.Created);
        var visit = await (await secretary.PostAsJsonAsync("/api/party/care", new { kind = "Visit", on = D(today), by = "李委员", personId = S(person["id"]), note = "走访慰问" }))
            .Json(HttpStatusCode.Created);
        S(visit["subject"]).Should().Be(S(person["name"]));
        S(visit["areaCode"]).Should().StartWith(Grid1);
        var updated = await (await secretary.PutAsJsonAsync($"/api/party/care/{S(talk["id"])}", new { kind = "Talk", on = D(today), by = "王书记", memberId = m1, followUp = "下月回访" }))
            .Json(HttpStatusCode.OK);
        S(updated["followUp"]).Should().Be("下月回访");
        (await (await secretary.GetAsync($"/api/party/care?member={m1}")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(1);
        before = await Counts(admin, branch, year);
        await (await secretary.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today), by = "x" })).Problem(HttpStatusCode.UnprocessableEntity, "party.care.subject");
        await (await secretary.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today), by = "x", memberId = m1, personId = S(person["id"]) }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.care.subject");
        await (await secretary.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today.AddDays(1)), by = "x", memberId = m1 })).Problem(HttpStatusCode.UnprocessableEntity, "party.care.future");
        await (await secretary.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today), by = " ", memberId = m1 })).Problem(HttpStatusCode.BadRequest, "validation");
        (await Counts(admin, branch, year)).Should().Be(before);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Pioneer_roles_keep_their_targets_inside_the_area_and_show_on_the_household(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var today = Today(app);
        var branch1 = await Branch(secretary, Grid1);
        var branch2 = await Branch(secretary, Grid2);
        var members = await MembersOf(secretary, branch1);
        var (a, b, c, d) = (members[0], members[1], members[2], members[3]);
        var households = await Households(secretary, Grid1);
        households.Count.Should().BeGreaterThan(2);
        var grid2Households = await Households(secretary, Grid2);
        var building = households[0].Building;

        // 责任区 over a building of the grid: named, listed for the member.
        var area = await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = a, kind = "ResponsibilityArea", buildings = new[] { building } })).Json(HttpStatusCode.Created);
        area["targets"]!.AsArray().Should().ContainSingle(t => S(t!["id"]) == building && S(t["kind"]) == "building");
        (await (await secretary.GetAsync($"/api/party/roles?member={a}&kind=ResponsibilityArea")).Json(HttpStatusCode.OK)).AsArray().Should().Contain(r => S(r!["id"]) == S(area["id"]));

        // 双联户: two members per household at most; the household shows its members.
        var h = households[1].Id;
        (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = a, kind = "DoubleLinked", households = new[] { h } })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = b, kind = "DoubleLinked", households = new[] { h, households[2].Id } })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = c, kind = "LinkedHouseholds", households = new[] { h } })).StatusCode.Should().Be(HttpStatusCode.Created);
        var roles = (await (await secretary.GetAsync($"/api/party/roles?area={Grid1}&kind=DoubleLinked")).Json(HttpStatusCode.OK)).AsArray()
            .Where(r => r!["targets"]!.AsArray().Any(t => S(t!["id"]) == h)).ToList();
        roles.Should().HaveCount(2);
        roles[0]!["targets"]!.AsArray()[0]!["label"]!.GetValue<string>().Should().NotBe("?");

        var before = await Counts(admin, branch1, today.Year);
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "DoubleLinked", households = new[] { h } })).Problem(HttpStatusCode.Conflict, "party.role.household.full");
        // Targets outside the member's organisation's area: a building or household of grid 2.
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "ResponsibilityArea", buildings = new[] { Grid2 + "001" } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.role.area");
        if (grid2Households.Count > 0)
            await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "LinkedHouseholds", households = new[] { grid2Households[0].Id } }))
                .Problem(HttpStatusCode.UnprocessableEntity, "party.role.area");
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "ResponsibilityArea", buildings = new[] { Grid1 + "999" } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.role.building");
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "ResponsibilityArea" })).Problem(HttpStatusCode.UnprocessableEntity, "party.role.buildings");
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "TenVolunteers" })).Problem(HttpStatusCode.UnprocessableEntity, "party.role.duty");
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "LinkedHouseholds", households = new[] { Guid.NewGuid() } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.role.household");
        (await Counts(admin, branch1, today.Year)).Should().Be(before);

        // A member transferred out holds no role.
        (await secretary.PostAsJsonAsync($"/api/party/members/{d}/transfer", new { destination = "外省" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = d, kind = "PioneerPost", title = "先锋岗" })).Problem(HttpStatusCode.UnprocessableEntity, "party.role.member");
        (await Counts(admin, branch1, today.Year)).Should().Be(before);

        // 义务十大员 and 先锋岗.
        (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = c, kind = "TenVolunteers", duty = "DisputeMediator" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = b, kind = "PioneerPost", title = "党群服务中心便民窗口" })).StatusCode.Should().Be(HttpStatusCode.Created);

        // 代理服务 for a person of the grid, with affairs; one of grid 2 is outside.
        var person = (await (await secretary.GetAsync($"/api/registry/people?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!;
        var proxy = await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = c, kind = "ProxyService", personId = S(person["id"]) })).Json(HttpStatusCode.Created);
        var withAffair = await (await secretary.PostAsJsonAsync($"/api/party/roles/{S(proxy["id"])}/affairs", new { on = D(today), affair = "代办高龄津贴申请" })).Json(HttpStatusCode.OK);
        var affair = withAffair["affairs"]!.AsArray().Single()!;
        S(affair["status"]).Should().Be("Accepted");
        var done = await (await secretary.PutAsJsonAsync($"/api/party/roles/{S(proxy["id"])}/affairs/{S(affair["id"])}", new { on = D(today), affair = "代办高龄津贴申请", status = "Done" }))
            .Json(HttpStatusCode.OK);
        S(done["affairs"]![0]!["status"]).Should().Be("Done");
        await (await secretary.PostAsJsonAsync($"/api/party/roles/{S(area["id"])}/affairs", new { on = D(today), affair = "x" })).Problem(HttpStatusCode.UnprocessableEntity, "party.role.affair.kind");
        var person2 = (await (await secretary.GetAsync($"/api/registry/people?area={Grid2}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!;
        await (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = c, kind = "ProxyService", personId = S(person2["id"]) })).Problem(HttpStatusCode.UnprocessableEntity, "party.role.area");

        // A member of the branch of grid 2 may take a building of grid 2; ending a role removes it.
        var m2 = (await MembersOf(secretary, branch2))[0];
        (await secretary.PostAsJsonAsync("/api/party/roles", new { memberId = m2, kind = "ResponsibilityArea", buildings = new[] { grid2Households.FirstOrDefault().Building ?? Grid2 + "001" } }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await secretary.DeleteAsync($"/api/party/roles/{S(area["id"])}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await secretary.GetAsync($"/api/party/roles?member={a}&kind=ResponsibilityArea")).Json(HttpStatusCode.OK)).AsArray().Should().NotContain(r => S(r!["id"]) == S(area["id"]));
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Out_of_scope_is_404_or_403_and_other_roles_are_refused(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "other-secretary@gongzhi.local", displayName = "别的书记", password = "Other@2026x" })).Json(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/admin/users/{S(user["id"])}/assignments", new { role = "CommunitySecretary", areaCode = OtherCommunity })).StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "other-secretary@gongzhi.local", password = "Other@2026x" });
        var other = app.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", S((await login.Json(HttpStatusCode.OK))["accessToken"]));

        var today = Today(app);
        var year = today.Year - 1;
        var branch = await Branch(secretary, Grid1);
        var member = (await MembersOf(secretary, branch))[0];
        var evaluation = (await (await secretary.GetAsync($"/api/party/evaluations?org={branch}&year={year}")).Json(HttpStatusCode.OK)).AsArray()
            .First(r => r!["evaluation"] is not null)!["evaluation"]!;
        var care = (await (await secretary.GetAsync("/api/party/care")).Json(HttpStatusCode.OK))["items"]![0]!;
        var role = (await (await secretary.GetAsync($"/api/party/roles?area={Community}")).Json(HttpStatusCode.OK)).AsArray()[0]!;
        var before = await Counts(admin, branch, year);

        // Another street's secretary: 404 reading ours, 404 changing it, and ours are not in their lists.
        foreach (var path in new[] { $"/api/party/evaluations?org={branch}&year={year}", $"/api/party/evaluations/member/{member}", $"/api/party/awards?member={member}",
                     $"/api/party/care?area={Community}", $"/api/party/roles?area={Community}" })
            (await other.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        (await (await other.GetAsync("/api/party/care")).Json(HttpStatusCode.OK))["items"]!.AsArray().Should().OnlyContain(c => S(c!["areaCode"]).StartsWith(OtherCommunity));
        (await (await other.GetAsync("/api/party/roles")).Json(HttpStatusCode.OK)).AsArray().Should().OnlyContain(r => S(r!["areaCode"]).StartsWith(OtherCommunity));
        (await other.PostAsJsonAsync("/api/party/evaluations", new { memberId = member, year = today.Year })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PutAsJsonAsync($"/api/party/evaluations/{S(evaluation["id"])}", new { memberId = member, year, grade = "Unqualified" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/party/awards", new { memberId = member, kind = "Discipline", on = D(today), text = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today), by = "x", memberId = member })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var person = (await (await secretary.GetAsync($"/api/registry/people?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!;
        // A resident of another street is as unknown as a missing one (422, as a member's registry link), not 403: that would tell who lives there.
        await (await other.PostAsJsonAsync("/api/party/care", new { kind = "Visit", on = D(today), by = "x", personId = S(person["id"]) })).Problem(HttpStatusCode.UnprocessableEntity, "party.care.person");
        (await other.PutAsJsonAsync($"/api/party/care/{S(care["id"])}", new { kind = "Talk", on = D(today), by = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/party/roles", new { memberId = member, kind = "PioneerPost", title = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/party/roles/{S(role["id"])}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/party/roles/{S(role["id"])}/affairs", new { on = D(today), affair = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // The street reads its street; roles without party permissions are refused; anonymous 401.
        var street = await app.ClientAsAsync(Accounts.Street);
        (await street.GetAsync($"/api/party/evaluations?org={branch}&year={year}")).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var account in new[] { Accounts.Dept, Accounts.Resident, Accounts.Worker, Accounts.Grid, Accounts.Member })
        {
            var c = await app.ClientAsAsync(account);
            foreach (var path in new[] { $"/api/party/evaluations?org={branch}&year={year}", $"/api/party/awards?member={member}", "/api/party/care", "/api/party/roles" })
                (await c.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, account + " " + path);
            (await c.PostAsJsonAsync("/api/party/evaluations", new { memberId = member, year = today.Year })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await c.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today), by = "x", memberId = member })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await c.PostAsJsonAsync("/api/party/roles", new { memberId = member, kind = "PioneerPost", title = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
        }
        (await app.CreateClient().GetAsync("/api/party/roles")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Counts(admin, branch, year)).Should().Be(before, "nothing was written");
    }
}
