using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Platform.Time;

namespace Gongzhi.IntegrationTests;

/// <summary>PT-7 activity plans, their approval and spends (党费使用审批), and PT-3 learning (学时, 学习电子档案) over HTTP.</summary>
public sealed class PartyFundsApiTests
{
    const string Community = "320105001001", Street = "320105001", Grid1 = "320105001001001";
    const string OtherCommunity = "320105002001";

    static DateOnly Today(GongzhiApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime);
    static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    static string S(JsonNode? n, string p) => n![p]!.GetValue<string>();
    static decimal M(JsonNode? n, string p) => n![p]!.GetValue<decimal>();

    static async Task<string> OrgId(HttpClient c, string kind, string area, string? under = null) =>
        S((await (await c.GetAsync("/api/party/orgs" + (under is null ? "" : "?area=" + under))).Json(HttpStatusCode.OK)).AsArray()
            .Single(o => S(o, "kind") == kind && S(o, "areaCode") == area), "id");

    /// <summary>Another street's community secretary (沙洲街道).</summary>
    static async Task<HttpClient> OtherSecretary(GongzhiApp app, HttpClient admin)
    {
        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "other-secretary@gongzhi.local", displayName = "别的书记", password = "Other@2026x" }))
            .Json(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/admin/users/{S(user, "id")}/assignments", new { role = "CommunitySecretary", areaCode = OtherCommunity }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "other-secretary@gongzhi.local", password = "Other@2026x" });
        var other = app.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", S(await login.Json(HttpStatusCode.OK), "accessToken"));
        return other;
    }

    static async Task<(int Plans, int Spends)> Counts(HttpClient admin)
    {
        var plans = (await (await admin.GetAsync("/api/party/funds/plans")).Json(HttpStatusCode.OK)).AsArray();
        var spends = 0;
        foreach (var p in plans) spends += (await (await admin.GetAsync($"/api/party/funds/plans/{S(p, "id")}/spends")).Json(HttpStatusCode.OK)).AsArray().Count;
        return (plans.Count, spends);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Plans_are_approved_by_the_level_above_and_spends_stay_within_the_budget(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var street = await app.ClientAsAsync(Accounts.Street);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);
        var committee = await OrgId(secretary, "CommunityCommittee", Community);
        var branch1 = await OrgId(secretary, "GridBranch", Grid1);
        var streetCommittee = await OrgId(street, "StreetWorkingCommittee", Street);
        var otherCommittee = await OrgId(admin, "CommunityCommittee", OtherCommunity, "320105002");

        // Bad input: nothing written.
        var before = await Counts(admin);
        foreach (var budget in new[] { 0m, -5m, 1.001m, 10_000_000.01m })
            await (await secretary.PostAsJsonAsync("/api/party/funds/plans", new { orgId = committee, title = "x", plannedOn = D(today), budget }))
                .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.amount");
        await (await secretary.PostAsJsonAsync("/api/party/funds/plans", new { orgId = otherCommittee, title = "x", plannedOn = D(today), budget = 10 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.member.org.missing");
        (await secretary.PostAsJsonAsync("/api/party/funds/plans", new { orgId = committee, title = " ", plannedOn = D(today), budget = 10 }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Counts(admin)).Should().Be(before);

        // The 大党委's plan: created and submitted by the community secretary, who cannot approve it; the street does.
        var plan = await (await secretary.PostAsJsonAsync("/api/party/funds/plans", new
        {
            orgId = committee, title = "七一主题党日活动", purpose = "参观红色教育基地，租车与讲解费", plannedOn = D(today.AddDays(10)), budget = 1000.00m,
        })).Json(HttpStatusCode.Created);
        var id = S(plan, "id");
        (S(plan, "status"), S(plan, "approverArea"), M(plan, "remaining")).Should().Be(("Draft", Street, 1000m));
        await (await street.PostAsync($"/api/party/funds/plans/{id}/approve", null)).Problem(HttpStatusCode.Conflict, "party.funds.status");
        await (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends", new { on = D(today), amount = 10, item = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.notapproved");
        S(await (await secretary.PostAsync($"/api/party/funds/plans/{id}/submit", null)).Json(HttpStatusCode.OK), "status").Should().Be("Submitted");
        await (await secretary.PostAsync($"/api/party/funds/plans/{id}/submit", null)).Problem(HttpStatusCode.Conflict, "party.funds.status");
        await (await secretary.PostAsync($"/api/party/funds/plans/{id}/approve", null)).Problem(HttpStatusCode.Forbidden, "party.funds.approver");
        (await (await secretary.GetAsync($"/api/party/funds/plans/{id}")).Json(HttpStatusCode.OK))["canApprove"]!.GetValue<bool>().Should().BeFalse();
        (await other.PostAsync($"/api/party/funds/plans/{id}/approve", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await street.GetAsync($"/api/party/funds/plans?status=Submitted&area={Community}")).Json(HttpStatusCode.OK)).AsArray()
            .Single(p => S(p, "id") == id)!["canApprove"]!.GetValue<bool>().Should().BeTrue();
        S(await (await street.PostAsync($"/api/party/funds/plans/{id}/approve", null)).Json(HttpStatusCode.OK), "status").Should().Be("Approved");

        // Spends: within the budget, positive, in fen, not in the future, receipts as links; nothing written when refused.
        before = await Counts(admin);
        foreach (var (body, code) in new (object Body, string Code)[]
        {
            (new { on = D(today), amount = 1000.01m, item = "超支" }, "party.funds.overbudget"),
            (new { on = D(today), amount = -1m, item = "负数" }, "party.funds.amount"),
            (new { on = D(today), amount = 0m, item = "零" }, "party.funds.amount"),
            (new { on = D(today), amount = 1.005m, item = "厘" }, "party.funds.amount"),
            (new { on = D(today.AddDays(1)), amount = 1m, item = "明天" }, "party.funds.future"),
            (new { on = D(today), amount = 1m, item = "票据", receiptUrl = "ftp://x/y" }, "party.funds.receipt"),
        })
            await (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends", body)).Problem(HttpStatusCode.UnprocessableEntity, code);
        (await other.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends", new { on = D(today), amount = 1m, item = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Counts(admin)).Should().Be(before);
        var spend = await (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends",
            new { on = D(today), amount = 600m, item = "大巴租车", receiptUrl = "https://files.example/receipt/1.jpg" })).Json(HttpStatusCode.Created);
        S(spend, "byUser").Should().Contain("陈红");
        await (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends", new { on = D(today), amount = 400.01m, item = "讲解" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.overbudget");
        (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends", new { on = D(today), amount = 400m, item = "讲解" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var spends = (await (await secretary.GetAsync($"/api/party/funds/plans/{id}/spends")).Json(HttpStatusCode.OK)).AsArray();
        spends.Sum(s => M(s, "amount")).Should().Be(1000m);
        M(await (await secretary.GetAsync($"/api/party/funds/plans/{id}")).Json(HttpStatusCode.OK), "remaining").Should().Be(0m);
        (await other.GetAsync($"/api/party/funds/plans/{id}/spends")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Closed: no more spends, no second close.
        S(await (await secretary.PostAsync($"/api/party/funds/plans/{id}/close", null)).Json(HttpStatusCode.OK), "status").Should().Be("Closed");
        await (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends", new { on = D(today), amount = 0.01m, item = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.closed");
        await (await secretary.PostAsync($"/api/party/funds/plans/{id}/close", null)).Problem(HttpStatusCode.Conflict, "party.funds.status");

        // A branch's plan: the community approves; the street, covering the community, may decide too; whoever submitted never does.
        var branchPlan = S(await (await secretary.PostAsJsonAsync("/api/party/funds/plans", new { orgId = branch1, title = "党员志愿服务", plannedOn = D(today), budget = 300m }))
            .Json(HttpStatusCode.Created), "id");
        (await secretary.PostAsync($"/api/party/funds/plans/{branchPlan}/submit", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await secretary.PostAsync($"/api/party/funds/plans/{branchPlan}/approve", null)).Problem(HttpStatusCode.Forbidden, "party.funds.self");
        await (await street.PostAsJsonAsync($"/api/party/funds/plans/{branchPlan}/reject", new { reason = " " })).Problem(HttpStatusCode.UnprocessableEntity, "party.funds.reason");
        var rejected = await (await street.PostAsJsonAsync($"/api/party/funds/plans/{branchPlan}/reject", new { reason = "预算明细不全" })).Json(HttpStatusCode.OK);
        (S(rejected, "status"), S(rejected, "reason")).Should().Be(("Rejected", "预算明细不全"));
        await (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{branchPlan}/spends", new { on = D(today), amount = 1m, item = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.notapproved");

        // The street's own plan: the district approves it, the street cannot.
        var streetPlan = S(await (await street.PostAsJsonAsync("/api/party/funds/plans", new { orgId = streetCommittee, title = "党工委书记讲坛", plannedOn = D(today), budget = 5000m }))
            .Json(HttpStatusCode.Created), "id");
        (await street.PostAsync($"/api/party/funds/plans/{streetPlan}/submit", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await street.PostAsync($"/api/party/funds/plans/{streetPlan}/approve", null)).Problem(HttpStatusCode.Forbidden, "party.funds.approver");
        (await secretary.GetAsync($"/api/party/funds/plans/{streetPlan}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        S(await (await admin.PostAsync($"/api/party/funds/plans/{streetPlan}/approve", null)).Json(HttpStatusCode.OK), "status").Should().Be("Approved");

        // Scope: lists by area and status; another street's secretary sees nothing of ours; roles without party writes are refused.
        (await (await secretary.GetAsync("/api/party/funds/plans")).Json(HttpStatusCode.OK)).AsArray().Should().OnlyContain(p => S(p, "areaCode").StartsWith(Community));
        (await (await secretary.GetAsync("/api/party/funds/plans?status=Rejected")).Json(HttpStatusCode.OK)).AsArray().Select(p => S(p, "id")).Should().Contain(branchPlan);
        (await (await other.GetAsync("/api/party/funds/plans")).Json(HttpStatusCode.OK)).AsArray().Should().OnlyContain(p => S(p, "areaCode").StartsWith(OtherCommunity));
        (await other.GetAsync($"/api/party/funds/plans?area={Community}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/party/funds/plans/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsync($"/api/party/funds/plans/{branchPlan}/close", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await other.PostAsJsonAsync("/api/party/funds/plans", new { orgId = committee, title = "x", plannedOn = D(today), budget = 1 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.member.org.missing");
        before = await Counts(admin);
        foreach (var account in new[] { Accounts.Dept, Accounts.Resident, Accounts.Worker, Accounts.Member })
        {
            var c = await app.ClientAsAsync(account);
            foreach (var path in new[] { "/api/party/funds/plans", $"/api/party/funds/plans/{id}", $"/api/party/funds/plans/{id}/spends" })
                (await c.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, account + " " + path);
            (await c.PostAsJsonAsync("/api/party/funds/plans", new { orgId = committee, title = "x", plannedOn = D(today), budget = 1 })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            foreach (var action in new[] { "submit", "approve", "close" })
                (await c.PostAsync($"/api/party/funds/plans/{branchPlan}/{action}", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden, account + " " + action);
            (await c.PostAsJsonAsync($"/api/party/funds/plans/{streetPlan}/spends", new { on = D(today), amount = 1m, item = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
        }
        (await app.CreateClient().GetAsync("/api/party/funds/plans")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Counts(admin)).Should().Be(before, "nothing was written");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Learning_hours_fill_the_archive_against_the_pro_rata_target(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var street = await app.ClientAsAsync(Accounts.Street);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);
        var committee = await OrgId(secretary, "CommunityCommittee", Community);
        var me = await (await member.GetAsync("/api/party/members/me")).Json(HttpStatusCode.OK);
        var myId = S(me, "id");
        var colleague = S((await (await secretary.GetAsync($"/api/party/members?area={Grid1}&pageSize=50")).Json(HttpStatusCode.OK))["items"]!.AsArray()
            .First(m => S(m, "id") != myId), "id");
        var otherMember = S(await (await admin.PostAsJsonAsync("/api/party/members", new
        {
            name = "沙洲党员", orgId = await OrgId(admin, "CommunityCommittee", OtherCommunity, "320105002"), status = "Probationary", joinedOn = D(today.AddMonths(-2)),
        })).Json(HttpStatusCode.Created), "id");

        // Resources: published by the 大党委, visible to its members; a link needs an address, hours are positive.
        await (await secretary.PostAsJsonAsync("/api/party/learning/resources", new { orgId = committee, title = "x", kind = "Link", hours = 1 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.learning.resource");
        await (await secretary.PostAsJsonAsync("/api/party/learning/resources", new { orgId = committee, title = "x", kind = "Text", body = "y", hours = 0 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.learning.hours");
        var resource = S(await (await secretary.PostAsJsonAsync("/api/party/learning/resources", new
        {
            orgId = committee, title = "学习《中国共产党章程》", kind = "Video", hours = 2, url = "https://learning.example/video/1",
        })).Json(HttpStatusCode.Created), "id");
        (await (await member.GetAsync("/api/party/learning/resources")).Json(HttpStatusCode.OK)).AsArray().Select(r => S(r, "id")).Should().Contain(resource);
        (await (await street.GetAsync($"/api/party/learning/resources?area={Community}")).Json(HttpStatusCode.OK)).AsArray().Select(r => S(r, "id")).Should().Contain(resource);
        (await (await other.GetAsync("/api/party/learning/resources")).Json(HttpStatusCode.OK)).AsArray().Select(r => S(r, "id")).Should().NotContain(resource);

        // A member records their own hours; a day holds at most 24; nothing written when refused.
        var before = M(await (await member.GetAsync("/api/party/learning/archive/me")).Json(HttpStatusCode.OK), "hours");
        (await member.PostAsJsonAsync("/api/party/learning/records", new { on = D(today), hours = 2, resourceId = resource })).StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var (body, code) in new (object Body, string Code)[]
        {
            (new { on = D(today), hours = 23m, topic = "通宵" }, "party.learning.day"),
            (new { on = D(today.AddDays(-1)), hours = 25m, topic = "太长" }, "party.learning.day"),
            (new { on = D(today), hours = -1m, topic = "负数" }, "party.learning.hours"),
            (new { on = D(today), hours = 0m, topic = "零" }, "party.learning.hours"),
            (new { on = D(today), hours = 1.25m, topic = "零头" }, "party.learning.hours"),
            (new { on = D(today.AddDays(1)), hours = 1m, topic = "明天" }, "party.learning.future"),
            (new { on = D(today), hours = 1m, topic = " " }, "party.name"),
        })
            await (await member.PostAsJsonAsync("/api/party/learning/records", body)).Problem(HttpStatusCode.UnprocessableEntity, code);
        var archive = await (await member.GetAsync("/api/party/learning/archive/me")).Json(HttpStatusCode.OK);
        M(archive, "hours").Should().Be(before + 2);
        archive["records"]!.AsArray().Should().Contain(r => S(r, "topic") == "学习《中国共产党章程》");
        M(archive, "target").Should().Be(32m, "the default");
        M(archive, "proRata").Should().Be(LearningRules.ProRata(32m, today));
        (await member.PostAsJsonAsync("/api/party/learning/records", new { memberId = colleague, on = D(today), hours = 1, topic = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await member.GetAsync($"/api/party/learning/archive/{colleague}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The secretary records for a member of the community; another street's member is out of reach.
        (await secretary.PostAsJsonAsync("/api/party/learning/records", new { memberId = colleague, on = D(today), hours = 24, topic = "党校集中轮训" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await secretary.PostAsJsonAsync("/api/party/learning/records", new { memberId = otherMember, on = D(today), hours = 1, topic = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await secretary.GetAsync($"/api/party/learning/archive/{otherMember}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/party/learning/archive/{colleague}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/party/learning/behind?area={Community}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // The street sets its target; the community cannot; behind is below the pro-rata share of it.
        await (await secretary.PutAsJsonAsync($"/api/party/learning/targets/{Street}", new { hoursPerYear = 20 })).Problem(HttpStatusCode.Forbidden, "area.scope");
        await (await street.PutAsJsonAsync($"/api/party/learning/targets/{Community}", new { hoursPerYear = 20 })).Problem(HttpStatusCode.UnprocessableEntity, "party.learning.target");
        await (await street.PutAsJsonAsync($"/api/party/learning/targets/{Street}", new { hoursPerYear = 0 })).Problem(HttpStatusCode.UnprocessableEntity, "party.learning.target");
        (await street.PutAsJsonAsync($"/api/party/learning/targets/{Street}", new { hoursPerYear = 20 })).StatusCode.Should().Be(HttpStatusCode.OK);
        var colleagueArchive = await (await secretary.GetAsync($"/api/party/learning/archive/{colleague}")).Json(HttpStatusCode.OK);
        (M(colleagueArchive, "target"), colleagueArchive["behind"]!.GetValue<bool>()).Should().Be((20m, false));
        var behind = (await (await secretary.GetAsync($"/api/party/learning/behind?area={Community}")).Json(HttpStatusCode.OK)).AsArray();
        behind.Select(b => S(b, "memberId")).Should().NotContain(colleague);
        behind.Should().OnlyContain(b => M(b, "hours") < M(b, "proRata"));
        if (LearningRules.ProRata(20m, today) > 0) behind.Should().NotBeEmpty("members without hours are behind");

        // Roles without party permissions.
        foreach (var account in new[] { Accounts.Dept, Accounts.Resident, Accounts.Worker })
        {
            var c = await app.ClientAsAsync(account);
            foreach (var path in new[] { "/api/party/learning/resources", $"/api/party/learning/archive/{colleague}", "/api/party/learning/behind", "/api/party/learning/archive/me" })
                (await c.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, account + " " + path);
            (await c.PostAsJsonAsync("/api/party/learning/records", new { on = D(today), hours = 1, topic = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
        }
        M(await (await secretary.GetAsync($"/api/party/learning/archive/{colleague}")).Json(HttpStatusCode.OK), "hours").Should().Be(M(colleagueArchive, "hours"));
    }
}
