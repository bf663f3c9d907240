using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Platform.Time;

namespace Gongzhi.IntegrationTests;

/// <summary>Defects found in the review of the merged Party module: each test fails on the code before its fix.</summary>
public sealed class PartyReviewTests
{
    const string Community = "320105001001", Grid11 = "320105001001011";
    const string OtherStreet = "320105002", OtherCommunity = "320105002001";

    static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    static string IdOf(JsonArray tree, string kind, string area) =>
        tree.Single(o => o!["kind"]!.GetValue<string>() == kind && o["areaCode"]!.GetValue<string>() == area)!["id"]!.GetValue<string>();

    /// <summary>A member of an organisation of another street (the demo has none there), added by the district admin.</summary>
    static async Task<string> ForeignMember(HttpClient admin, DateOnly today)
    {
        var org = (await (await admin.GetAsync($"/api/party/orgs?area={OtherCommunity}")).Json(HttpStatusCode.OK)).AsArray()[0]!["id"]!.GetValue<string>();
        return (await (await admin.PostAsJsonAsync("/api/party/members", new { name = "外街党员", orgId = org, status = "Probationary", joinedOn = D(today.AddMonths(-1)) }))
            .Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task An_organisation_names_neither_a_registry_unit_nor_a_part_time_member_from_outside_the_scope_and_is_not_founded_tomorrow(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime);
        var tree = (await (await secretary.GetAsync("/api/party/orgs")).Json(HttpStatusCode.OK)).AsArray();
        var committee = IdOf(tree, "CommunityCommittee", Community);

        // A registry unit of another street: before the fix the link was accepted (and its existence told).
        var foreignUnit = (await (await admin.GetAsync($"/api/registry/organisations?area={OtherStreet}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new
        {
            kind = "NewEconomicOrg", name = "外街单位党支部", areaCode = Grid11, parentId = committee, registryOrganisationId = foreignUnit,
        })).Problem(HttpStatusCode.UnprocessableEntity, "party.org.registry");

        // Founded in the future: refused; today: fine.
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "第11网格党支部", areaCode = Grid11, parentId = committee, establishedOn = D(today.AddDays(1)) }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.org.established");
        var branch = (await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "第11网格党支部", areaCode = Grid11, parentId = committee, establishedOn = D(today) }))
            .Json(HttpStatusCode.Created))["id"]!.GetValue<string>();

        // A 兼职委员 from another street's organisation: before the fix accepted, and their name shown on our organisation.
        var foreignMember = await ForeignMember(admin, today);
        await (await secretary.PutAsJsonAsync($"/api/party/orgs/{branch}", new
        {
            kind = "GridBranch", name = "第11网格党支部", areaCode = Grid11, parentId = committee, committee = new[] { new { memberId = foreignMember, partTime = true } },
        })).Problem(HttpStatusCode.UnprocessableEntity, "party.org.committee");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_learning_archive_of_an_impossible_year_is_400_not_500(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var someone = (await (await secretary.GetAsync($"/api/party/members?area={Community}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        foreach (var year in new[] { 0, -5, 10000, 99999 })
        {
            await (await secretary.GetAsync($"/api/party/learning/archive/{someone}?year={year}")).Problem(HttpStatusCode.BadRequest, "party.learning.year");
            await (await member.GetAsync($"/api/party/learning/archive/me?year={year}")).Problem(HttpStatusCode.BadRequest, "party.learning.year");
        }
        (await secretary.GetAsync($"/api/party/learning/archive/{someone}?year=2020")).StatusCode.Should().Be(HttpStatusCode.OK);
        // Out of scope stays 404 whatever the year.
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var foreign = await ForeignMember(admin, DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime));
        (await secretary.GetAsync($"/api/party/learning/archive/{foreign}?year=2020")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_member_is_not_linked_to_a_registry_person_of_another_street(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime);
        // Another street's community secretary (沙洲街道), who must not link (and so learn of) a resident of 凤栖苑.
        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "other-secretary@gongzhi.local", displayName = "别的书记", password = "Other@2026x" })).Json(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/admin/users/{user["id"]!.GetValue<string>()}/assignments", new { role = "CommunitySecretary", areaCode = OtherCommunity }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "other-secretary@gongzhi.local", password = "Other@2026x" });
        var other = app.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Json(HttpStatusCode.OK))["accessToken"]!.GetValue<string>());
        var theirOrg = (await (await other.GetAsync("/api/party/orgs")).Json(HttpStatusCode.OK)).AsArray()[0]!["id"]!.GetValue<string>();
        var ours = (await (await secretary.GetAsync("/api/registry/people?area=320105001001001&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();

        await (await other.PostAsJsonAsync("/api/party/members", new { name = "孙二", orgId = theirOrg, status = "Probationary", joinedOn = D(today.AddMonths(-1)), personId = ours }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.member.person");
        (await other.PostAsJsonAsync("/api/party/members", new { name = "孙二", orgId = theirOrg, status = "Probationary", joinedOn = D(today.AddMonths(-1)) }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var tree = (await (await secretary.GetAsync("/api/party/orgs")).Json(HttpStatusCode.OK)).AsArray();
        (await secretary.PostAsJsonAsync("/api/party/members", new { name = "孙三", orgId = IdOf(tree, "GridBranch", "320105001001001"), status = "Probationary",
            joinedOn = D(today.AddMonths(-1)), personId = ours })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_draft_plan_is_edited_or_discarded_and_a_submitted_one_is_not(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime);
        var tree = (await (await secretary.GetAsync("/api/party/orgs")).Json(HttpStatusCode.OK)).AsArray();
        var committee = IdOf(tree, "CommunityCommittee", Community);
        var branch1 = IdOf(tree, "GridBranch", "320105001001001");
        var plan = (await (await secretary.PostAsJsonAsync("/api/party/funds/plans", new { orgId = committee, title = "草稿", plannedOn = D(today), budget = 100 }))
            .Json(HttpStatusCode.Created))["id"]!.GetValue<string>();

        var edited = await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{plan}", new { orgId = committee, title = "冬季慰问", plannedOn = D(today.AddDays(7)), budget = 250.5m, purpose = "慰问品" }))
            .Json(HttpStatusCode.OK);
        (edited["title"]!.GetValue<string>(), edited["budget"]!.GetValue<decimal>()).Should().Be(("冬季慰问", 250.5m));
        await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{plan}", new { orgId = branch1, title = "x", plannedOn = D(today), budget = 1 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.org");
        await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{plan}", new { orgId = committee, title = "x", plannedOn = D(today), budget = -1 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.amount");
        (await member.PutAsJsonAsync($"/api/party/funds/plans/{plan}", new { orgId = committee, title = "x", plannedOn = D(today), budget = 1 })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await member.DeleteAsync($"/api/party/funds/plans/{plan}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{Guid.NewGuid()}", new { orgId = committee, title = "x", plannedOn = D(today), budget = 1 })).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await secretary.PostAsync($"/api/party/funds/plans/{plan}/submit", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{plan}", new { orgId = committee, title = "改", plannedOn = D(today), budget = 9999 }))
            .Problem(HttpStatusCode.Conflict, "party.funds.status");
        await (await secretary.DeleteAsync($"/api/party/funds/plans/{plan}")).Problem(HttpStatusCode.Conflict, "party.funds.status");

        var draft = (await (await secretary.PostAsJsonAsync("/api/party/funds/plans", new { orgId = committee, title = "作废", plannedOn = D(today), budget = 10 }))
            .Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        (await secretary.DeleteAsync($"/api/party/funds/plans/{draft}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await secretary.GetAsync($"/api/party/funds/plans/{draft}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
