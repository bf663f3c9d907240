using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Platform.Time;

namespace Gongzhi.IntegrationTests;

/// <summary>AR-4, PT-1, PT-2, PT-5, PT-7 (dues): the party organisation tree, members, meetings, coverage and dues over HTTP.</summary>
public sealed class PartyApiTests
{
    const string Community = "320105001001"; // 凤栖苑, the demo secretary's
    const string Grid1 = "320105001001001", Grid3 = "320105001001003", Grid11 = "320105001001011", Grid12 = "320105001001012";
    const string OtherCommunity = "320105002001"; // 沙洲街道
    const string Phone = "13912345678";

    static DateOnly Today(GongzhiApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToCst().DateTime);
    static string D(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    static async Task<JsonArray> Tree(HttpClient c, string? area = null) =>
        (await (await c.GetAsync("/api/party/orgs" + (area is null ? "" : "?area=" + area))).Json(HttpStatusCode.OK)).AsArray();

    static string IdOf(JsonArray tree, string kind, string area) =>
        tree.Single(o => o!["kind"]!.GetValue<string>() == kind && o["areaCode"]!.GetValue<string>() == area)!["id"]!.GetValue<string>();

    static async Task<(int Orgs, int Members, int Meetings)> Counts(HttpClient admin)
    {
        var orgs = (await Tree(admin)).Count;
        var members = (await (await admin.GetAsync("/api/party/members?pageSize=1")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>();
        var meetings = (await (await admin.GetAsync("/api/party/meetings?pageSize=1")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>();
        return (orgs, members, meetings);
    }

    static async Task<IEnumerable<string>> Behind(HttpClient c, string area) =>
        (await (await c.GetAsync($"/api/party/schedule?area={area}&behindOnly=true")).Json(HttpStatusCode.OK)).AsArray().Select(o => o!["areaCode"]!.GetValue<string>());

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task The_demo_tree_is_mapped_on_the_areas_and_new_organisations_must_fit_it(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var admin = await app.ClientAsAsync(Accounts.Admin);

        // The demo: street working committees for every street; in 凤栖苑 a 大党委, branches in grids 1–10, groups in grids 1–2.
        var all = await Tree(admin);
        all.Count(o => o!["kind"]!.GetValue<string>() == "StreetWorkingCommittee").Should().BeGreaterThan(3);
        var tree = await Tree(secretary);
        tree.Should().OnlyContain(o => o!["areaCode"]!.GetValue<string>().StartsWith(Community));
        tree.Count(o => o!["kind"]!.GetValue<string>() == "GridBranch").Should().Be(10);
        tree.Count(o => o!["kind"]!.GetValue<string>() == "BuildingGroup").Should().BeGreaterThan(5);
        var committee = IdOf(tree, "CommunityCommittee", Community);
        var branch1 = await (await secretary.GetAsync($"/api/party/orgs/{IdOf(tree, "GridBranch", Grid1)}")).Json(HttpStatusCode.OK);
        branch1["secretaryName"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        branch1["committee"]!.AsArray().Count.Should().Be(3);
        tree.Should().Contain(o => o!["weak"]!.GetValue<bool>());

        var coverage = await (await secretary.GetAsync($"/api/party/coverage?area={Community}")).Json(HttpStatusCode.OK);
        coverage["gridsWithoutBranch"]!.AsArray().Select(g => g!["code"]!.GetValue<string>()).Should().Equal(Grid11, Grid12);
        (coverage["grids"]!.GetValue<int>(), coverage["gridsWithBranch"]!.GetValue<int>()).Should().Be((12, 10));
        coverage["buildingsWithoutGroup"]!.AsArray().Count.Should().BeGreaterThan(0);
        coverage["membersWithoutGroup"]!.AsArray().Count.Should().BeGreaterThan(0);
        coverage["weakOrgs"]!.AsArray().Count.Should().Be(1);
        var unitsBefore = coverage["unitsWithoutOrg"]!.AsArray().Count;

        // A branch for grid 11: it leaves the coverage list; a second one for the same grid is a conflict.
        var before = await Counts(admin);
        var created = await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "第11网格党支部", areaCode = Grid11, parentId = committee }))
            .Json(HttpStatusCode.Created);
        var branch11 = created["id"]!.GetValue<string>();
        created["areaName"]!.GetValue<string>().Should().Contain("第11网格");
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "again", areaCode = Grid11, parentId = committee }))
            .Problem(HttpStatusCode.Conflict, "party.org.duplicate");
        coverage = await (await secretary.GetAsync($"/api/party/coverage?area={Community}")).Json(HttpStatusCode.OK);
        coverage["gridsWithoutBranch"]!.AsArray().Select(g => g!["code"]!.GetValue<string>()).Should().Equal(Grid12);

        // Kinds that do not fit the area tree, parents of the wrong kind or place, and other streets: nothing written.
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "x", areaCode = Community, parentId = committee }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.org.level");
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "BuildingGroup", name = "x", areaCode = Grid12 + "001", parentId = committee }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.org.parent");
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "BuildingGroup", name = "x", areaCode = Grid12 + "001", parentId = branch11 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.org.parent");
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "x", areaCode = Grid12 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.org.parent.required");
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "x", areaCode = OtherCommunity + "001", parentId = committee }))
            .Problem(HttpStatusCode.Forbidden, "area.scope");
        await (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "StreetWorkingCommittee", name = "x", areaCode = "320105001" }))
            .Problem(HttpStatusCode.Forbidden, "area.scope");
        (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "King", name = "x", areaCode = Grid12 })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await secretary.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "", areaCode = Grid12 })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await (await secretary.PutAsJsonAsync($"/api/party/orgs/{branch11}", new { kind = "GridBranch", name = "x", areaCode = Grid12, parentId = committee }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.org.fixed");
        (await Counts(admin)).Should().Be((before.Orgs + 1, before.Members, before.Meetings));

        // A 两新 organisation linked to a registry blank spot covers it.
        var gaps = await (await secretary.GetAsync($"/api/party/coverage?area={Community}")).Json(HttpStatusCode.OK);
        if (unitsBefore > 0)
        {
            var unit = gaps["unitsWithoutOrg"]!.AsArray()[0]!;
            await (await secretary.PostAsJsonAsync("/api/party/orgs", new
            {
                kind = "NewEconomicOrg", name = unit["name"]!.GetValue<string>() + "党支部", areaCode = unit["areaCode"]!.GetValue<string>(), parentId = committee,
                registryOrganisationId = unit["id"]!.GetValue<string>(),
            })).Json(HttpStatusCode.Created);
            (await (await secretary.GetAsync($"/api/party/coverage?area={Community}")).Json(HttpStatusCode.OK))["unitsWithoutOrg"]!.AsArray().Count.Should().Be(unitsBefore - 1);
        }

        // The 软弱涣散 flag and the committee: full seats are members of the organisation, 兼职委员 may come from elsewhere.
        var m1 = (await (await secretary.PostAsJsonAsync("/api/party/members", new { name = "钱一", orgId = branch11, status = "Probationary", joinedOn = D(Today(app).AddMonths(-2)) }))
            .Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var elsewhere = (await (await secretary.GetAsync($"/api/party/members?area={Grid1}&pageSize=1")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        await (await secretary.PutAsJsonAsync($"/api/party/orgs/{branch11}", new
        {
            kind = "GridBranch", name = "第11网格党支部", areaCode = Grid11, parentId = committee, secretaryId = m1, committee = new[] { new { memberId = elsewhere, partTime = false } },
        })).Problem(HttpStatusCode.UnprocessableEntity, "party.org.committee");
        var updated = await (await secretary.PutAsJsonAsync($"/api/party/orgs/{branch11}", new
        {
            kind = "GridBranch", name = "第11网格党支部", areaCode = Grid11, parentId = committee, secretaryId = m1, weak = true, weakNote = "新建",
            committee = new object[] { new { memberId = m1, partTime = false }, new { memberId = elsewhere, partTime = true } },
        })).Json(HttpStatusCode.OK);
        updated["secretaryName"]!.GetValue<string>().Should().Be("钱一");
        updated["committee"]!.AsArray().Select(c => c!["partTime"]!.GetValue<bool>()).Should().Equal(false, true);
        (await (await secretary.GetAsync($"/api/party/coverage?area={Community}")).Json(HttpStatusCode.OK))["weakOrgs"]!.AsArray().Count.Should().Be(2);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Members_are_masked_made_regular_after_a_year_and_transferred_with_history(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var tree = await Tree(secretary);
        var branch1 = IdOf(tree, "GridBranch", Grid1);
        var branch3 = IdOf(tree, "GridBranch", Grid3);
        var today = Today(app);

        // The demo: registry people linked, a flowing member with the 流动党员之家, an in-service member, phones masked.
        var page = await secretary.GetAsync("/api/party/members?pageSize=200");
        (await page.Content.ReadAsStringAsync()).Should().NotMatchRegex("\"1[3-9][0-9]{9}\"", "phones are masked");
        var demo = (await page.Json(HttpStatusCode.OK))["items"]!.AsArray();
        demo.Should().Contain(m => m!["personId"] != null);
        (await (await secretary.GetAsync("/api/party/members?flow=Out")).Json(HttpStatusCode.OK))["items"]![0]!["flowHome"]!.GetValue<string>().Should().Contain("流动党员之家");
        (await (await secretary.GetAsync("/api/party/members?inService=true")).Json(HttpStatusCode.OK))["items"]![0]!["residenceCommunity"]!.GetValue<string>().Should().Be(Community);

        // An in-service member of another street's organisation who reported to 凤栖苑: the community sees them as reported here only.
        var otherCommittee = IdOf(await Tree(admin, "320105002"), "CommunityCommittee", OtherCommunity);
        var reporting = (await (await admin.PostAsJsonAsync("/api/party/members", new
        {
            name = "严在职", orgId = otherCommittee, status = "Regular", joinedOn = "2010-05-04", regularOn = "2011-05-04", inService = true, workUnit = "沙洲街道办事处",
            residenceCommunity = Community,
        })).Json(HttpStatusCode.Created))["id"]!.GetValue<string>();
        (await (await secretary.GetAsync("/api/party/members?reportedHere=true&pageSize=200")).Json(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(m => m!["name"]!.GetValue<string>()).Should().Contain("严在职");
        (await (await secretary.GetAsync("/api/party/members?q=严在职")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);
        (await secretary.GetAsync($"/api/party/members/{reporting}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var before = await Counts(admin);
        var joined = today.AddYears(-1).AddDays(10);
        foreach (var (body, code) in new (object Body, string Code)[]
        {
            (new { name = "孙早", orgId = branch1, status = "Regular", joinedOn = D(joined), regularOn = D(today) }, "party.member.regular.early"),
            (new { name = "孙早", orgId = branch1, status = "Regular", joinedOn = D(joined) }, "party.member.regular.missing"),
            (new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(joined), regularOn = D(today) }, "party.member.regular.probationary"),
            (new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(today.AddDays(1)) }, "party.member.joined"),
            (new { name = "孙早", orgId = branch1, status = "TransferredOut", joinedOn = D(joined) }, "party.member.status"),
            (new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(joined), inService = true }, "party.member.residence"),
            (new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(joined), inService = true, residenceCommunity = "320105999999" }, "party.member.residence"),
            (new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(joined), flow = "Out" }, "party.member.flowplace"),
            (new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(joined), phone = "12ab" }, "registry.phone"),
            (new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(joined), personId = Guid.NewGuid() }, "party.member.person"),
            (new { name = "孙早", orgId = Guid.NewGuid(), status = "Probationary", joinedOn = D(joined) }, "party.member.org.missing"),
        })
            await (await secretary.PostAsJsonAsync("/api/party/members", body)).Problem(HttpStatusCode.UnprocessableEntity, code);
        (await secretary.PostAsJsonAsync("/api/party/members", new { name = "孙早", orgId = branch1, status = "Probationary", joinedOn = "not a date" }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Counts(admin)).Should().Be(before, "nothing was written");

        // A probationary member, then made regular exactly a year after joining; an in-service member reporting here; a flowing one.
        var created = await (await secretary.PostAsJsonAsync("/api/party/members", new
        {
            name = "孙早", orgId = branch1, status = "Probationary", joinedOn = D(today.AddYears(-1)), phone = "139 1234 5678",
            inService = true, workUnit = "区税务局", residenceCommunity = Community,
        })).Json(HttpStatusCode.Created);
        created["phone"]!.GetValue<string>().Should().Be("139****5678");
        created["reportedOn"]!.GetValue<string>().Should().Be(D(today));
        var id = created["id"]!.GetValue<string>();
        var regular = await (await secretary.PutAsJsonAsync($"/api/party/members/{id}", new
        {
            name = "孙早", orgId = branch1, status = "Regular", joinedOn = D(today.AddYears(-1)), regularOn = D(today), flow = "In", flowPlace = "安徽省合肥市", flowHome = "凤栖苑流动党员之家",
        })).Json(HttpStatusCode.OK);
        (regular["status"]!.GetValue<string>(), regular["phone"]!.GetValue<string>(), regular["inService"]!.GetValue<bool>(), regular["flow"]!.GetValue<string>())
            .Should().Be(("Regular", "139****5678", false, "In"));
        (await (await secretary.GetAsync($"/api/party/members/{id}")).Content.ReadAsStringAsync()).Should().NotContain(Phone);
        await (await secretary.PutAsJsonAsync($"/api/party/members/{id}", new { name = "孙早", orgId = branch3, status = "Regular", joinedOn = D(today.AddYears(-1)), regularOn = D(today) }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.member.org");

        // 转接: to the branch of grid 3 (history kept), not to another street's organisation (403, nothing written), then out of the district.
        var moved = await (await secretary.PostAsJsonAsync($"/api/party/members/{id}/transfer", new { toOrgId = branch3, note = "搬家" })).Json(HttpStatusCode.OK);
        (moved["orgId"]!.GetValue<string>(), moved["areaCode"]!.GetValue<string>()).Should().Be((branch3, Grid3));
        var otherStreet = IdOf(await Tree(admin, "320105002"), "CommunityCommittee", OtherCommunity);
        await (await secretary.PostAsJsonAsync($"/api/party/members/{id}/transfer", new { toOrgId = otherStreet })).Problem(HttpStatusCode.Forbidden, "area.scope");
        await (await secretary.PostAsJsonAsync($"/api/party/members/{id}/transfer", new { toOrgId = branch3 })).Problem(HttpStatusCode.UnprocessableEntity, "party.transfer.same");
        await (await secretary.PostAsJsonAsync($"/api/party/members/{id}/transfer", new { })).Problem(HttpStatusCode.UnprocessableEntity, "party.transfer.destination");
        (await (await secretary.GetAsync($"/api/party/members/{id}/transfers")).Json(HttpStatusCode.OK)).AsArray().Count.Should().Be(1);
        // The street sees both and moves the member on: the district's organisations cover that.
        var street = await app.ClientAsAsync(Accounts.Street);
        (await street.PostAsJsonAsync($"/api/party/members/{id}/transfer", new { toOrgId = otherStreet })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var gone = await (await secretary.PostAsJsonAsync($"/api/party/members/{id}/transfer", new { destination = "上海市浦东新区某街道党工委" })).Json(HttpStatusCode.OK);
        gone["status"]!.GetValue<string>().Should().Be("TransferredOut");
        var history = (await (await secretary.GetAsync($"/api/party/members/{id}/transfers")).Json(HttpStatusCode.OK)).AsArray();
        history[0]!["toOrgId"]!.GetValue<string>().Should().Be(branch3);
        history[1]!["toOrgId"].Should().BeNull();
        history[1]!["destination"]!.GetValue<string>().Should().Contain("浦东");
        (await (await secretary.GetAsync("/api/party/members?status=TransferredOut")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(1);

        // Dues: the band of the income, recorded per month (again = replaced); bad months and negative incomes are refused.
        var member = demo[0]!["id"]!.GetValue<string>();
        var month = today.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        (await (await secretary.PutAsJsonAsync($"/api/party/members/{member}/dues/{month}", new { income = 6000 })).Json(HttpStatusCode.OK))["amount"]!.GetValue<decimal>().Should().Be(90m);
        (await (await secretary.PutAsJsonAsync($"/api/party/members/{member}/dues/{month}", new { income = 3000, paidOn = D(today) })).Json(HttpStatusCode.OK))["amount"]!.GetValue<decimal>().Should().Be(15m);
        await (await secretary.PutAsJsonAsync($"/api/party/members/{member}/dues/{month}", new { income = -1 })).Problem(HttpStatusCode.UnprocessableEntity, "party.dues.income");
        await (await secretary.PutAsJsonAsync($"/api/party/members/{member}/dues/2026-13", new { income = 1 })).Problem(HttpStatusCode.BadRequest, "party.dues.month");
        await (await secretary.PutAsJsonAsync($"/api/party/members/{member}/dues/{today.AddMonths(2):yyyy-MM}", new { income = 1 })).Problem(HttpStatusCode.UnprocessableEntity, "party.dues.future");
        var dues = (await (await secretary.GetAsync($"/api/party/members/{member}/dues")).Json(HttpStatusCode.OK)).AsArray();
        dues.Should().ContainSingle(d => d!["month"]!.GetValue<string>() == month).Which!["amount"]!.GetValue<decimal>().Should().Be(15m);
        (await (await secretary.GetAsync("/api/party/dues/rate?income=10000.01")).Json(HttpStatusCode.OK))["amount"]!.GetValue<decimal>().Should().Be(200m);

        // The member's own record.
        var self = await app.ClientAsAsync(Accounts.Member);
        var me = await (await self.GetAsync("/api/party/members/me")).Json(HttpStatusCode.OK);
        me["name"]!.GetValue<string>().Should().Be("吴芳");
        (await (await self.GetAsync("/api/party/members/me/dues")).Json(HttpStatusCode.OK)).AsArray().Should().HaveCount(3)
            .And.Contain(d => d!["amount"]!.GetValue<decimal>() == 93m, "6,200 yuan at 1.5 % (one month was re-entered above when she is the first member)");
        (await secretary.GetAsync("/api/party/members/me/dues")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await self.GetAsync($"/api/party/members/{me["id"]!.GetValue<string>()}/dues")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await self.GetAsync("/api/party/members")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await secretary.GetAsync("/api/party/members/me")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Meetings_are_recorded_with_attendance_and_a_branch_leaves_the_behind_list(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var tree = await Tree(secretary);
        var branch1 = IdOf(tree, "GridBranch", Grid1);
        var branch3 = IdOf(tree, "GridBranch", Grid3);
        var group = tree.First(o => o!["kind"]!.GetValue<string>() == "BuildingGroup")!["id"]!.GetValue<string>();
        var today = Today(app);

        // The demo: grids 3 and 5 are behind; grid 3 only on the 支部党员大会.
        var behind = (await Behind(secretary, Community)).ToList();
        behind.Should().Contain([Grid3, "320105001001005"]).And.NotContain(Grid1);
        var schedule = (await (await secretary.GetAsync($"/api/party/schedule?area={Grid3}")).Json(HttpStatusCode.OK)).AsArray();
        schedule.Single(o => o!["orgId"]!.GetValue<string>() == branch3)!["kinds"]!.AsArray().Where(k => k!["behind"]!.GetValue<bool>())
            .Select(k => k!["kind"]!.GetValue<string>()).Should().Equal("GeneralMeeting");
        (await (await secretary.GetAsync($"/api/party/meetings?org={branch1}")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().BeGreaterThan(10);

        var members3 = (await (await secretary.GetAsync($"/api/party/members?area={Grid3}")).Json(HttpStatusCode.OK))["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        var member1 = (await (await secretary.GetAsync($"/api/party/members?area={Grid1}")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        members3.Should().NotBeEmpty();

        var before = await Counts(admin);
        await (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "GeneralMeeting", title = "x", plannedOn = D(today), heldOn = D(today.AddDays(1)) }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.meeting.future");
        await (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "GeneralMeeting", title = "x", plannedOn = D(today), heldOn = D(today), attendance = new[] { members3[0], member1 } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.meeting.attendance");
        await (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "GroupMeeting", title = "x", plannedOn = D(today) }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.meeting.kind");
        await (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = group, kind = "GeneralMeeting", title = "x", plannedOn = D(today) }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.meeting.kind");
        await (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "GeneralMeeting", title = "x", plannedOn = D(today), attendance = new[] { members3[0] } }))
            .Problem(HttpStatusCode.UnprocessableEntity, "party.meeting.notheld");
        (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "Banquet", title = "x", plannedOn = D(today) })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "GeneralMeeting", title = "", plannedOn = D(today) })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Counts(admin)).Should().Be(before, "nothing was written");

        // Planned, then recorded (not in the future; attendance of the branch's members only); then the branch is no longer behind.
        var planned = await (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "GeneralMeeting", title = "第四季度支部党员大会", plannedOn = D(today), agenda = "1. 学习\n2. 发展党员" }))
            .Json(HttpStatusCode.Created);
        var id = planned["id"]!.GetValue<string>();
        planned["heldOn"].Should().BeNull();
        (await Behind(secretary, Community)).Should().Contain(Grid3, "planned is not held");
        await (await secretary.PostAsJsonAsync($"/api/party/meetings/{id}/record", new { heldOn = D(today.AddDays(3)) })).Problem(HttpStatusCode.UnprocessableEntity, "party.meeting.future");
        await (await secretary.PostAsJsonAsync($"/api/party/meetings/{id}/record", new { heldOn = D(today), attendance = new[] { member1 } })).Problem(HttpStatusCode.UnprocessableEntity, "party.meeting.attendance");
        var held = await (await secretary.PostAsJsonAsync($"/api/party/meetings/{id}/record", new { heldOn = D(today), minutes = "通过决议", attendance = members3 })).Json(HttpStatusCode.OK);
        held["attendance"]!.AsArray().Count.Should().Be(members3.Count);
        (await Behind(secretary, Community)).Should().NotContain(Grid3).And.Contain("320105001001005");
        (await (await secretary.GetAsync($"/api/party/meetings?org={branch3}&held=false")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);

        // Group members attend their branch's general meeting; a 书记讲坛 counts as the quarter's 党课.
        var groupMember = (await (await secretary.GetAsync($"/api/party/members?org={group}")).Json(HttpStatusCode.OK))["items"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).FirstOrDefault();
        var parentOfGroup = tree.Single(o => o!["id"]!.GetValue<string>() == group)!["parentId"]!.GetValue<string>();
        if (groupMember is not null)
            (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = parentOfGroup, kind = "GeneralMeeting", title = "大会", plannedOn = D(today), heldOn = D(today), attendance = new[] { groupMember } }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        (await secretary.PostAsJsonAsync("/api/party/meetings", new { orgId = branch3, kind = "SecretaryLecture", title = "书记讲坛", plannedOn = D(today), heldOn = D(today) }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var kinds = (await (await secretary.GetAsync($"/api/party/schedule?area={Grid3}")).Json(HttpStatusCode.OK)).AsArray()
            .Single(o => o!["orgId"]!.GetValue<string>() == branch3)!["kinds"]!.AsArray();
        kinds.Single(k => k!["kind"]!.GetValue<string>() == "PartyLecture")!["heldThisPeriod"]!.GetValue<bool>().Should().BeTrue();
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Out_of_scope_is_404_or_403_and_other_roles_are_refused(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        // Another street's community secretary (沙洲街道).
        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "other-secretary@gongzhi.local", displayName = "别的书记", password = "Other@2026x" })).Json(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/admin/users/{user["id"]!.GetValue<string>()}/assignments", new { role = "CommunitySecretary", areaCode = OtherCommunity }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "other-secretary@gongzhi.local", password = "Other@2026x" });
        var other = app.CreateClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Json(HttpStatusCode.OK))["accessToken"]!.GetValue<string>());

        var tree = await Tree(secretary);
        var branch1 = IdOf(tree, "GridBranch", Grid1);
        var committee = IdOf(tree, "CommunityCommittee", Community);
        var member = (await (await secretary.GetAsync($"/api/party/members?area={Grid1}")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        var meeting = (await (await secretary.GetAsync($"/api/party/meetings?org={branch1}&held=false")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        var today = Today(app);
        var before = await Counts(admin);

        // The other secretary: their own tree only; ours is 404 to read and 404/403 to change.
        (await Tree(other)).Should().OnlyContain(o => o!["areaCode"]!.GetValue<string>().StartsWith(OtherCommunity)).And.NotBeEmpty();
        foreach (var path in new[] { $"/api/party/orgs/{branch1}", $"/api/party/members/{member}", $"/api/party/members/{member}/transfers", $"/api/party/members/{member}/dues",
                     $"/api/party/orgs?area={Community}", $"/api/party/coverage?area={Community}", $"/api/party/schedule?area={Community}" })
            (await other.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        (await (await other.GetAsync($"/api/party/members?area={Community}")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);
        (await (await other.GetAsync($"/api/party/meetings?area={Community}")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);
        (await other.PutAsJsonAsync($"/api/party/orgs/{branch1}", new { kind = "GridBranch", name = "x", areaCode = Grid1, parentId = committee })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "x", areaCode = Grid12, parentId = committee })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.PostAsJsonAsync("/api/party/members", new { name = "x", orgId = branch1, status = "Probationary", joinedOn = D(today) })).StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.UnprocessableEntity);
        (await other.PutAsJsonAsync($"/api/party/members/{member}", new { name = "x", orgId = branch1, status = "Probationary", joinedOn = D(today) })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/party/members/{member}/transfer", new { destination = "x" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PutAsJsonAsync($"/api/party/members/{member}/dues/{today.AddMonths(-1):yyyy-MM}", new { income = 1 })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync("/api/party/meetings", new { orgId = branch1, kind = "ThemeDay", title = "x", plannedOn = D(today) })).StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.UnprocessableEntity);
        (await other.PostAsJsonAsync($"/api/party/meetings/{meeting}/record", new { heldOn = D(today) })).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // The street reads and writes in its street, not above it; the district admin everywhere.
        var street = await app.ClientAsAsync(Accounts.Street);
        (await street.GetAsync($"/api/party/orgs/{branch1}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Tree(street)).Should().Contain(o => o!["kind"]!.GetValue<string>() == "StreetWorkingCommittee");
        (await street.GetAsync("/api/party/orgs?area=320105002")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/api/party/coverage?area=320105")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Roles without party permissions: 403 on everything; the member sees only their own record.
        foreach (var account in new[] { Accounts.Dept, Accounts.Resident, Accounts.Worker, Accounts.Grid, Accounts.Member })
        {
            var c = await app.ClientAsAsync(account);
            foreach (var path in new[] { "/api/party/orgs", $"/api/party/orgs/{branch1}", "/api/party/members", $"/api/party/members/{member}", "/api/party/meetings",
                         "/api/party/schedule", "/api/party/coverage" })
                (await c.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Forbidden, account + " " + path);
            (await c.PostAsJsonAsync("/api/party/orgs", new { kind = "GridBranch", name = "x", areaCode = Grid12, parentId = committee })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await c.PostAsJsonAsync("/api/party/meetings", new { orgId = branch1, kind = "ThemeDay", title = "x", plannedOn = D(today) })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await c.GetAsync("/api/party/members/me")).StatusCode.Should().Be(account == Accounts.Member ? HttpStatusCode.OK : HttpStatusCode.Forbidden, account);
        }
        (await app.CreateClient().GetAsync("/api/party/orgs")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Counts(admin)).Should().Be(before, "nothing was written");
    }
}
