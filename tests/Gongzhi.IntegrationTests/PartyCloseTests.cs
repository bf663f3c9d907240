using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Platform.Time;

namespace Gongzhi.IntegrationTests;

/// <summary>The last gaps of issue 6 (Party): scope consistency, a member's own learning and 奖惩, dues of a transferred member,
/// roles and affairs corrected, spends corrected or removed, the spending report, learning records corrected, resources withdrawn.</summary>
public sealed class PartyCloseTests
{
    const string Community = "320105001001", Grid1 = "320105001001001", Grid3 = "320105001001003";
    const string OtherCommunity = "320105002001";

    static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    static string S(JsonNode? n) => n!.GetValue<string>();
    static DateOnly Today(GongzhiApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime);

    /// <summary>A community secretary of 沙洲街道 (another street), signed in by token.</summary>
    static async Task<HttpClient> OtherSecretary(GongzhiApp app, HttpClient admin)
    {
        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "other-secretary@gongzhi.local", displayName = "别的书记", password = "Other@2026x" }))
            .Json(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/admin/users/{S(user["id"])}/assignments", new { role = "CommunitySecretary", areaCode = OtherCommunity }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "other-secretary@gongzhi.local", password = "Other@2026x" });
        var other = app.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", S((await login.Json(HttpStatusCode.OK))["accessToken"]));
        return other;
    }

    static async Task<int> CareTotal(HttpClient admin) => (await (await admin.GetAsync("/api/party/care?pageSize=1")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>();

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Care_out_of_scope_follows_the_module_rule_a_member_is_404_and_a_resident_is_unknown(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);
        var ourMember = S((await (await secretary.GetAsync($"/api/party/members?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]);
        var ourResident = S((await (await secretary.GetAsync($"/api/registry/people?area={Grid3}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]);
        var before = await CareTotal(admin);

        // A member named by id outside the read scope: 404, as every member id of the module (its existence is not told).
        await (await other.PostAsJsonAsync("/api/party/care", new { kind = "Talk", on = D(today), by = "x", memberId = ourMember })).Problem(HttpStatusCode.NotFound, "not_found");
        // A registry resident of another street: as unknown as a missing one (422), the rule of a member's registry link.
        await (await other.PostAsJsonAsync("/api/party/care", new { kind = "Visit", on = D(today), by = "x", personId = ourResident })).Problem(HttpStatusCode.UnprocessableEntity, "party.care.person");
        await (await other.PostAsJsonAsync("/api/party/care", new { kind = "Visit", on = D(today), by = "x", personId = Guid.NewGuid() })).Problem(HttpStatusCode.UnprocessableEntity, "party.care.person");
        (await CareTotal(admin)).Should().Be(before, "nothing written");
        // Our own secretary records the same visit.
        (await secretary.PostAsJsonAsync("/api/party/care", new { kind = "Visit", on = D(today), by = "王书记", personId = ourResident })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await CareTotal(admin)).Should().Be(before + 1);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_member_records_their_own_learning_naming_their_own_id_but_not_anyone_else(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var today = Today(app);
        var me = S((await (await member.GetAsync("/api/party/members/me")).Json(HttpStatusCode.OK))["id"]);
        var hoursBefore = (await (await member.GetAsync("/api/party/learning/archive/me")).Json(HttpStatusCode.OK))["hours"]!.GetValue<decimal>();

        // Before the fix her own id was looked up in a staff scope she does not have: 404.
        var rec = await (await member.PostAsJsonAsync("/api/party/learning/records", new { memberId = me, on = D(today), hours = 1.5m, topic = "自学党章" })).Json(HttpStatusCode.Created);
        S(rec["memberId"]).Should().Be(me);
        (await (await member.GetAsync("/api/party/learning/archive/me")).Json(HttpStatusCode.OK))["hours"]!.GetValue<decimal>().Should().Be(hoursBefore + 1.5m);

        // Someone else's id stays 404 for her, nothing written.
        var someone = (await (await secretary.GetAsync($"/api/party/members?area={Community}&pageSize=50")).Json(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(m => S(m!["id"])).First(id => id != me);
        await (await member.PostAsJsonAsync("/api/party/learning/records", new { memberId = someone, on = D(today), hours = 1m, topic = "x" })).Problem(HttpStatusCode.NotFound, "not_found");
        (await (await member.GetAsync("/api/party/learning/archive/me")).Json(HttpStatusCode.OK))["hours"]!.GetValue<decimal>().Should().Be(hoursBefore + 1.5m);
        // The own-id path keeps the day's limit.
        await (await member.PostAsJsonAsync("/api/party/learning/records", new { memberId = me, on = D(today), hours = 23m, topic = "x" })).Problem(HttpStatusCode.UnprocessableEntity, "party.learning.day");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Dues_are_not_recorded_for_a_member_transferred_out(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var today = Today(app);
        var month = today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var id = S((await (await secretary.GetAsync($"/api/party/members?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]);
        (await secretary.PutAsJsonAsync($"/api/party/members/{id}/dues/{month}", new { income = 4000m })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await secretary.PostAsJsonAsync($"/api/party/members/{id}/transfer", new { destination = "上海市浦东新区某街道党工委" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = (await (await secretary.GetAsync($"/api/party/members/{id}/dues")).Json(HttpStatusCode.OK)).ToJsonString();

        var zh = await (await secretary.PutAsJsonAsync($"/api/party/members/{id}/dues/{month}", new { income = 9000m })).Problem(HttpStatusCode.UnprocessableEntity, "party.dues.transferred");
        S(zh["detail"]).Should().Contain("已转出");
        var en = new HttpRequestMessage(HttpMethod.Put, $"/api/party/members/{id}/dues/{today:yyyy-MM}") { Content = JsonContent.Create(new { income = 9000m }) };
        en.Headers.AcceptLanguage.ParseAdd("en");
        S((await (await secretary.SendAsync(en)).Problem(HttpStatusCode.UnprocessableEntity, "party.dues.transferred"))["detail"]).Should().Contain("transferred out");
        (await (await secretary.GetAsync($"/api/party/members/{id}/dues")).Json(HttpStatusCode.OK)).ToJsonString().Should().Be(before, "nothing written");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_member_reads_their_own_awards_and_discipline_and_nobody_elses(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var today = Today(app);
        var me = S((await (await member.GetAsync("/api/party/members/me")).Json(HttpStatusCode.OK))["id"]);
        (await secretary.PostAsJsonAsync("/api/party/awards", new { memberId = me, kind = "Award", on = D(today), text = "优秀共产党员" })).StatusCode.Should().Be(HttpStatusCode.Created);

        var mine = (await (await member.GetAsync("/api/party/awards/me")).Json(HttpStatusCode.OK)).AsArray();
        mine.Should().ContainSingle(a => S(a!["text"]) == "优秀共产党员");
        // Staff reads stay staff: the member has no PartyRead, and staff have no record of their own.
        (await member.GetAsync($"/api/party/awards?member={me}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await secretary.GetAsync("/api/party/awards/me")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await app.ClientAsAsync(Accounts.Resident)).GetAsync("/api/party/awards/me")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateClient().GetAsync("/api/party/awards/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    static decimal M(JsonNode? n) => n!.GetValue<decimal>();

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_spend_is_corrected_or_removed_while_its_plan_is_approved_and_the_report_follows(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);

        // A plan of the community approved in the demo; a spend of today on it.
        var plan = (await (await secretary.GetAsync("/api/party/funds/plans?status=Approved")).Json(HttpStatusCode.OK)).AsArray()
            .First(p => M(p!["remaining"]) >= 100m)!;
        var id = S(plan["id"]);
        var (budget, spent0) = (M(plan["budget"]), M(plan["spent"]));
        var spend = await (await secretary.PostAsJsonAsync($"/api/party/funds/plans/{id}/spends", new { on = D(today), amount = 50m, item = "横幅" })).Json(HttpStatusCode.Created);
        var sid = S(spend["id"]);
        async Task<decimal> Spent() => M((await (await secretary.GetAsync($"/api/party/funds/plans/{id}")).Json(HttpStatusCode.OK))["spent"]);
        async Task<decimal> Reported(HttpClient c) => (await (await c.GetAsync($"/api/party/funds/report?year={today.Year}")).Json(HttpStatusCode.OK)).AsArray()
            .Where(r => S(r!["orgId"]) == S(plan["orgId"]) && r["year"]!.GetValue<int>() == today.Year).Sum(r => M(r!["spent"]));
        (await Spent()).Should().Be(spent0 + 50m);
        var reported = await Reported(secretary);

        // Corrected up to the budget exactly (its old amount not counted twice); one fen more is refused, nothing written.
        var full = budget - spent0;
        var corrected = await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{sid}", new { on = D(today.AddDays(-1)), amount = full, item = "横幅与展板" }))
            .Json(HttpStatusCode.OK);
        (M(corrected["amount"]), S(corrected["item"])).Should().Be((full, "横幅与展板"));
        (await Spent()).Should().Be(budget);
        await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{sid}", new { on = D(today), amount = full + 0.01m, item = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.overbudget");
        await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{sid}", new { on = D(today.AddDays(1)), amount = 1m, item = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.future");
        await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{sid}", new { on = D(today), amount = -1m, item = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.funds.amount");
        await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{Guid.NewGuid()}", new { on = D(today), amount = 1m, item = "x" }))
            .Problem(HttpStatusCode.NotFound, "not_found");
        (await Spent()).Should().Be(budget, "nothing written by the refusals");
        if (today.AddDays(-1).Year == today.Year) (await Reported(secretary)).Should().Be(reported - 50m + full);

        // Scope: another street's secretary 404 (the plan is not theirs to know), the member 403, anonymous 401; nothing written.
        (await other.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{sid}", new { on = D(today), amount = 1m, item = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/party/funds/plans/{id}/spends/{sid}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await member.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{sid}", new { on = D(today), amount = 1m, item = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await member.DeleteAsync($"/api/party/funds/plans/{id}/spends/{sid}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateClient().DeleteAsync($"/api/party/funds/plans/{id}/spends/{sid}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Spent()).Should().Be(budget);

        // Removed: the plan's spent sum drops, the spend is gone, the audit log keeps it.
        (await secretary.DeleteAsync($"/api/party/funds/plans/{id}/spends/{sid}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Spent()).Should().Be(spent0);
        (await (await secretary.GetAsync($"/api/party/funds/plans/{id}/spends")).Json(HttpStatusCode.OK)).AsArray().Should().NotContain(x => S(x!["id"]) == sid);
        (await secretary.DeleteAsync($"/api/party/funds/plans/{id}/spends/{sid}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Once closed, its spends are fixed.
        var last = (await (await secretary.GetAsync($"/api/party/funds/plans/{id}/spends")).Json(HttpStatusCode.OK)).AsArray();
        (await secretary.PostAsync($"/api/party/funds/plans/{id}/close", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        if (last.Count > 0)
        {
            var kept = S(last[0]!["id"]);
            await (await secretary.PutAsJsonAsync($"/api/party/funds/plans/{id}/spends/{kept}", new { on = D(today), amount = 1m, item = "x" })).Problem(HttpStatusCode.UnprocessableEntity, "party.funds.closed");
            await (await secretary.DeleteAsync($"/api/party/funds/plans/{id}/spends/{kept}")).Problem(HttpStatusCode.UnprocessableEntity, "party.funds.closed");
        }
        (await Spent()).Should().Be(spent0);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task The_spending_report_is_per_organisation_and_year_and_scoped(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var other = await OtherSecretary(app, admin);

        var rows = (await (await secretary.GetAsync("/api/party/funds/report")).Json(HttpStatusCode.OK)).AsArray();
        rows.Should().NotBeEmpty("the demo spends in 凤栖苑");
        rows.Should().OnlyContain(r => S(r!["areaCode"]).StartsWith(Community));
        // Each row is the sum of its organisation's spends of that year.
        var plans = (await (await secretary.GetAsync("/api/party/funds/plans")).Json(HttpStatusCode.OK)).AsArray();
        var sums = new Dictionary<(string, int), decimal>();
        foreach (var p in plans)
            foreach (var sp in (await (await secretary.GetAsync($"/api/party/funds/plans/{S(p!["id"])}/spends")).Json(HttpStatusCode.OK)).AsArray())
            {
                var key = (S(p["orgId"]), DateOnly.Parse(S(sp!["on"]), System.Globalization.CultureInfo.InvariantCulture).Year);
                sums[key] = sums.GetValueOrDefault(key) + M(sp["amount"]);
            }
        rows.Select(r => ((S(r!["orgId"]), r["year"]!.GetValue<int>()), M(r["spent"]))).Should().BeEquivalentTo(sums.Select(kv => (kv.Key, kv.Value)));
        (await (await secretary.GetAsync($"/api/party/funds/report?area={Grid1}")).Json(HttpStatusCode.OK)).AsArray()
            .Should().OnlyContain(r => S(r!["areaCode"]).StartsWith(Grid1));

        // Another street: none of ours, 404 for our area; a year out of range is 400, not a 500.
        (await (await other.GetAsync("/api/party/funds/report")).Json(HttpStatusCode.OK)).AsArray().Should().OnlyContain(r => S(r!["areaCode"]).StartsWith(OtherCommunity));
        (await other.GetAsync($"/api/party/funds/report?area={Community}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await secretary.GetAsync("/api/party/funds/report?year=0")).Problem(HttpStatusCode.BadRequest, "party.funds.year");
        await (await secretary.GetAsync("/api/party/funds/report?year=99999")).Problem(HttpStatusCode.BadRequest, "party.funds.year");
        (await (await app.ClientAsAsync(Accounts.Member)).GetAsync("/api/party/funds/report")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateClient().GetAsync("/api/party/funds/report")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Staff_correct_or_remove_a_learning_record_under_the_rules_of_a_new_one(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);
        var someone = S((await (await secretary.GetAsync($"/api/party/members?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]);
        async Task<JsonNode> Archive() => await (await secretary.GetAsync($"/api/party/learning/archive/{someone}")).Json(HttpStatusCode.OK);
        var before = M((await Archive())["hours"]);
        var rec = S((await (await secretary.PostAsJsonAsync("/api/party/learning/records", new { memberId = someone, on = D(today), hours = 2m, topic = "党课" }))
            .Json(HttpStatusCode.Created))["id"]);

        // Corrected: 2 → 3.5 hours, another topic; the day's limit counts the others, not its own old hours.
        var fixedRec = await (await secretary.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 3.5m, topic = "党课（补记）" })).Json(HttpStatusCode.OK);
        (M(fixedRec["hours"]), S(fixedRec["topic"]), S(fixedRec["memberId"])).Should().Be((3.5m, "党课（补记）", someone));
        (M((await Archive())["hours"])).Should().Be(before + 3.5m);
        var sameDay = (await Archive())["records"]!.AsArray().Where(r => S(r!["on"]) == D(today)).Sum(r => M(r!["hours"]));
        (await secretary.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 24m - sameDay + 3.5m, topic = "x" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await secretary.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 24m - sameDay + 3.6m, topic = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.learning.day");
        await (await secretary.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today.AddDays(1)), hours = 1m, topic = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.learning.future");
        await (await secretary.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 1.25m, topic = "x" }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.learning.hours");
        await (await secretary.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 1m })).Problem(HttpStatusCode.UnprocessableEntity, "party.name");
        await (await secretary.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 1m, resourceId = Guid.NewGuid() }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.learning.resource");
        var afterFix = M((await Archive())["hours"]);

        // Scope: another street 404, the member (even for herself: staff correct) 403, anonymous 401; nothing written.
        (await other.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 1m, topic = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/party/learning/records/{rec}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await member.PutAsJsonAsync($"/api/party/learning/records/{rec}", new { on = D(today), hours = 1m, topic = "x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await member.DeleteAsync($"/api/party/learning/records/{rec}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateClient().DeleteAsync($"/api/party/learning/records/{rec}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (M((await Archive())["hours"])).Should().Be(afterFix);

        // Removed: gone from the archive; a second time 404.
        (await secretary.DeleteAsync($"/api/party/learning/records/{rec}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (M((await Archive())["hours"])).Should().Be(before);
        (await secretary.DeleteAsync($"/api/party/learning/records/{rec}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_resource_is_withdrawn_by_the_writers_of_its_publisher_only(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var street = await app.ClientAsAsync(Accounts.Street);
        var member = await app.ClientAsAsync(Accounts.Member);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);
        var tree = (await (await secretary.GetAsync("/api/party/orgs")).Json(HttpStatusCode.OK)).AsArray();
        var committee = S(tree.First(o => S(o!["kind"]) == "CommunityCommittee")!["id"]);
        var ours = S((await (await secretary.PostAsJsonAsync("/api/party/learning/resources", new { orgId = committee, title = "撤回测试", kind = "Text", body = "正文", hours = 1m }))
            .Json(HttpStatusCode.Created))["id"]);
        var me = S((await (await member.GetAsync("/api/party/members/me")).Json(HttpStatusCode.OK))["id"]);
        var studied = await (await member.PostAsJsonAsync("/api/party/learning/records", new { resourceId = ours, on = D(today), hours = 1m })).Json(HttpStatusCode.Created);
        async Task<List<string>> Listed(HttpClient c) => [.. (await (await c.GetAsync("/api/party/learning/resources")).Json(HttpStatusCode.OK)).AsArray().Select(r => S(r!["id"]))];
        var streetResource = (await (await secretary.GetAsync("/api/party/learning/resources")).Json(HttpStatusCode.OK)).AsArray()
            .First(r => S(r!["areaCode"]).Length == 9)!;

        // The street's resource is visible to the community but not theirs to withdraw (403); another street does not see ours (404);
        // the member and anonymous cannot; nothing removed.
        await (await secretary.DeleteAsync($"/api/party/learning/resources/{S(streetResource["id"])}")).Problem(HttpStatusCode.Forbidden, "area.scope");
        await (await other.DeleteAsync($"/api/party/learning/resources/{ours}")).Problem(HttpStatusCode.NotFound, "not_found");
        (await member.DeleteAsync($"/api/party/learning/resources/{ours}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateClient().DeleteAsync($"/api/party/learning/resources/{ours}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await secretary.DeleteAsync($"/api/party/learning/resources/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Listed(member)).Should().Contain(ours);
        (await Listed(secretary)).Should().Contain(S(streetResource["id"]));

        // Withdrawn by its writers: no longer listed nor recordable; the record of it keeps its topic and hours.
        (await secretary.DeleteAsync($"/api/party/learning/resources/{ours}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Listed(member)).Should().NotContain(ours);
        (await Listed(street)).Should().NotContain(ours);
        await (await member.PostAsJsonAsync("/api/party/learning/records", new { resourceId = ours, on = D(today), hours = 1m })).Problem(HttpStatusCode.UnprocessableEntity, "party.learning.resource");
        var archive = await (await member.GetAsync("/api/party/learning/archive/me")).Json(HttpStatusCode.OK);
        archive["records"]!.AsArray().Should().Contain(r => S(r!["id"]) == S(studied["id"]) && S(r["topic"]) == "撤回测试" && M(r["hours"]) == 1m);
        S(studied["memberId"]).Should().Be(me);
        // The street withdraws its own.
        (await street.DeleteAsync($"/api/party/learning/resources/{S(streetResource["id"])}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task An_award_or_discipline_record_is_corrected_or_removed_by_the_members_writers(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var member = await app.ClientAsAsync(Accounts.Member);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);
        var ids = (await (await secretary.GetAsync($"/api/party/members?area={Grid1}&pageSize=2")).Json(HttpStatusCode.OK))["items"]!.AsArray().Select(m => S(m!["id"])).ToList();
        var (who, someoneElse) = (ids[0], ids[1]);
        var id = S((await (await secretary.PostAsJsonAsync("/api/party/awards", new { memberId = who, kind = "Award", on = D(today), text = "优秀党员" })).Json(HttpStatusCode.Created))["id"]);
        async Task<string> Listed() => (await (await secretary.GetAsync($"/api/party/awards?member={who}")).Json(HttpStatusCode.OK)).ToJsonString();

        var corrected = await (await secretary.PutAsJsonAsync($"/api/party/awards/{id}", new { memberId = who, kind = "Discipline", on = D(today.AddDays(-3)), text = "警告处分" }))
            .Json(HttpStatusCode.OK);
        (S(corrected["kind"]), S(corrected["on"]), S(corrected["text"])).Should().Be(("Discipline", D(today.AddDays(-3)), "警告处分"));
        var before = await Listed();
        await (await secretary.PutAsJsonAsync($"/api/party/awards/{id}", new { memberId = someoneElse, kind = "Award", on = D(today), text = "x" })).Problem(HttpStatusCode.UnprocessableEntity, "party.award.fixed");
        await (await secretary.PutAsJsonAsync($"/api/party/awards/{id}", new { memberId = who, kind = "Award", on = D(today.AddDays(1)), text = "x" })).Problem(HttpStatusCode.UnprocessableEntity, "party.award.future");
        await (await secretary.PutAsJsonAsync($"/api/party/awards/{id}", new { memberId = who, kind = "Award", on = D(today), text = "  " })).Problem(HttpStatusCode.BadRequest, "validation");
        (await other.PutAsJsonAsync($"/api/party/awards/{id}", new { memberId = who, kind = "Award", on = D(today), text = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/party/awards/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await member.DeleteAsync($"/api/party/awards/{id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.CreateClient().DeleteAsync($"/api/party/awards/{id}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Listed()).Should().Be(before, "nothing written by the refusals");

        (await secretary.DeleteAsync($"/api/party/awards/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await secretary.GetAsync($"/api/party/awards?member={who}")).Json(HttpStatusCode.OK)).AsArray().Should().NotContain(a => S(a!["id"]) == id);
        (await secretary.DeleteAsync($"/api/party/awards/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task The_dues_of_a_month_are_summed_per_organisation_in_scope(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var other = await OtherSecretary(app, admin);
        var today = Today(app);
        var month = today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var member = (await (await secretary.GetAsync($"/api/party/members?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!;
        var (id, org) = (S(member["id"]), S(member["orgId"]));
        async Task<JsonNode?> Row(HttpClient client) =>
            (await (await client.GetAsync($"/api/party/dues/summary?month={month}")).Json(HttpStatusCode.OK)).AsArray().SingleOrDefault(r => S(r!["orgId"]) == org);
        decimal M(JsonNode? n) => n!.GetValue<decimal>();
        int I(JsonNode? n) => n!.GetValue<int>();

        var before = (await Row(secretary))!;
        var existing = (await (await secretary.GetAsync($"/api/party/members/{id}/dues")).Json(HttpStatusCode.OK)).AsArray().SingleOrDefault(d => S(d!["month"]) == month);
        var wasPaid = existing?["paidOn"] is JsonValue;
        (await secretary.PutAsJsonAsync($"/api/party/members/{id}/dues/{month}", new { income = 4000m, paidOn = D(today) })).StatusCode.Should().Be(HttpStatusCode.OK);

        var after = (await Row(secretary))!;
        I(after["members"]).Should().Be(I(before["members"])).And.BeGreaterThan(0);
        I(after["recorded"]).Should().Be(I(before["recorded"]) + (existing is null ? 1 : 0));
        I(after["paid"]).Should().Be(I(before["paid"]) + (wasPaid ? 0 : 1));
        M(after["collected"]).Should().Be(M(before["collected"]) - (wasPaid ? M(existing!["amount"]) : 0) + 40.00m, "4,000 yuan a month pays 1 %");
        I(after["paid"]).Should().BeLessThanOrEqualTo(I(after["recorded"])).And.BeLessThanOrEqualTo(I(after["members"]));

        // Another street's secretary does not see the organisation; a malformed month is refused.
        (await Row(other)).Should().BeNull();
        await (await secretary.GetAsync("/api/party/dues/summary?month=2026-13")).Problem(HttpStatusCode.BadRequest, "party.dues.month");
        (await (await app.ClientAsAsync(Accounts.Resident)).GetAsync("/api/party/dues/summary")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
