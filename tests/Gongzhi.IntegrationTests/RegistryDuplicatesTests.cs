using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.IntegrationTests;

/// <summary>RG-4: likely duplicates listed in scope, merged into the kept record, refused across ID numbers and areas.</summary>
public sealed class RegistryDuplicatesTests
{
    const string Grid = CasesApiTests.Grid;

    static string IdOf(string first17) => first17 + IdNumber.CheckCharacter(first17);
    static readonly string IdA = IdOf("32010519500304001"), IdD = IdOf("32010519620817002"), IdE = IdOf("32010519620817003");

    static async Task<string> BuildingOf(HttpClient client, string grid)
    {
        var children = await (await client.GetAsync($"/api/areas/{grid}/children")).Json(HttpStatusCode.OK);
        return children.AsArray().Select(c => c!["code"]!.GetValue<string>()).First(c => c.Length == 18);
    }

    /// <summary>No full ID number or phone of this test in a response body.</summary>
    static async Task<JsonNode> Masked(HttpResponseMessage response, HttpStatusCode status, params string[] secrets)
    {
        var body = await response.Content.ReadAsStringAsync();
        foreach (var s in new[] { IdA, IdD, IdE, "13912340001" }.Concat(secrets)) body.Should().NotContain(s);
        response.StatusCode.Should().Be(status, body);
        return JsonNode.Parse(body.Length == 0 ? "null" : body)!;
    }

    static string Id(JsonNode n) => n["id"]!.GetValue<string>();

    static IEnumerable<JsonArray> Groups(JsonNode list) => list.AsArray().Select(g => g!["people"]!.AsArray());

    static JsonArray? GroupWith(JsonNode list, string personId) => Groups(list).SingleOrDefault(g => g.Any(p => Id(p!) == personId));

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Likely_duplicates_are_listed_masked_and_merged_into_the_kept_record_with_its_history(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var building = await BuildingOf(grid, Grid);
        var hid = Id(await (await grid.PostAsJsonAsync("/api/registry/households", new { buildingCode = building, room = "9-901" })).Json(HttpStatusCode.Created));

        // The same person collected twice: once with the ID number, once without and with spacing and full-width digits.
        var a = await Masked(await grid.PostAsJsonAsync("/api/registry/people", new
        {
            name = "王建国", areaCode = building, idNumber = IdA, phone = "13912340001", address = "凤栖苑3栋301", tags = new[] { "独居老人" },
        }), HttpStatusCode.Created);
        var b = await Masked(await grid.PostAsJsonAsync("/api/registry/people", new
        {
            name = "王 建国", areaCode = building, birthDate = "1950-03-04", gender = "Male", address = "凤栖苑３栋 301", householdId = hid, tags = new[] { "低保" },
        }), HttpStatusCode.Created);
        // Two others alike in name, birth date and address but with different ID numbers.
        var d = await Masked(await grid.PostAsJsonAsync("/api/registry/people", new { name = "李芳", areaCode = building, idNumber = IdD, address = "凤栖苑5栋" }), HttpStatusCode.Created);
        var e = await Masked(await grid.PostAsJsonAsync("/api/registry/people", new { name = "李 芳", areaCode = building, idNumber = IdE, address = "凤栖苑5栋" }), HttpStatusCode.Created);

        var list = await Masked(await grid.GetAsync("/api/registry/people/duplicates"), HttpStatusCode.OK);
        GroupWith(list, Id(a))!.Select(p => Id(p!)).Should().BeEquivalentTo([Id(a), Id(b)]);
        GroupWith(list, Id(d))!.Select(p => Id(p!)).Should().BeEquivalentTo([Id(d), Id(e)]);
        list.AsArray().Single(g => g!["people"]!.AsArray().Any(p => Id(p!) == Id(d)))!["differentIdNumbers"]!.GetValue<bool>().Should().BeTrue();
        list.AsArray().Single(g => g!["people"]!.AsArray().Any(p => Id(p!) == Id(a)))!["differentIdNumbers"]!.GetValue<bool>().Should().BeFalse();
        list.ToJsonString().Should().NotContain("1950-03-04", "lists show the year of birth only");
        GroupWith(await Masked(await grid.GetAsync($"/api/registry/people/duplicates?area=320105001001002"), HttpStatusCode.OK), Id(a)).Should().BeNull("another grid's prefix");

        // Different ID numbers: not the same person (409), nothing changed.
        await (await grid.PostAsJsonAsync($"/api/registry/people/{Id(e)}/merge", new { intoId = Id(d), reason = "重复录入" }))
            .Problem(HttpStatusCode.Conflict, "registry.merge.idnumber");
        (await grid.GetAsync($"/api/registry/people/{Id(e)}")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Merge the record with the ID number into the one in the household: the kept record gains what it lacked.
        var kept = await Masked(await grid.PostAsJsonAsync($"/api/registry/people/{Id(a)}/merge", new { intoId = Id(b), reason = "入户核实为同一人" }), HttpStatusCode.OK);
        (kept["idNumber"]!.GetValue<string>(), kept["phone"]!.GetValue<string>(), kept["name"]!.GetValue<string>()).Should().Be(("3201**********" + IdA[^4..], "139****0001", "王 建国"));
        kept["householdId"]!.GetValue<string>().Should().Be(hid);
        kept["address"]!.GetValue<string>().Should().Be("凤栖苑３栋 301", "the kept record's own address stays");
        kept["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().BeEquivalentTo(["独居老人", "低保"]);
        (await grid.GetAsync($"/api/registry/people/{Id(a)}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the duplicate is gone");
        GroupWith(await Masked(await grid.GetAsync("/api/registry/people/duplicates"), HttpStatusCode.OK), Id(b)).Should().BeNull();
        // The ID number moved with it: entering it again names the kept record.
        (await (await grid.PostAsJsonAsync("/api/registry/people", new { name = "王建国", areaCode = building, idNumber = IdA }))
            .Problem(HttpStatusCode.Conflict, "registry.person.duplicate"))["detail"]!.GetValue<string>().Should().Contain(Id(b));

        // The kept record's history names the merged one and the reason; the deletion is audited, masked.
        var history = (await Masked(await grid.GetAsync($"/api/registry/people/{Id(b)}/history"), HttpStatusCode.OK)).AsArray();
        var merged = history.Single(h => h!["reason"] is not null)!; // the same moment as the change it explains
        (merged["action"]!.GetValue<string>(), merged["reason"]!.GetValue<string>()).Should().Be(("Update", "入户核实为同一人"));
        merged["after"]!.GetValue<string>().Should().Contain(Id(a)).And.Contain("王建国");
        history.Should().Contain(h => h!["after"]!.GetValue<string>().Contains("139****0001"), "the phone the merge filled in");
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var audit = await (await admin.GetAsync("/api/audit?type=Person&pageSize=100")).Json(HttpStatusCode.OK);
        var deleted = audit["items"]!.AsArray().Single(x => x!["entityId"]!.GetValue<string>() == Id(a) && x["action"]!.GetValue<string>() == "Delete")!;
        deleted["before"]!.GetValue<string>().Should().Contain("139****0001");
        audit.ToJsonString().Should().NotContain(IdA).And.NotContain("13912340001");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_demo_household_head_merged_into_a_new_record_hands_over_the_household(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var building = await BuildingOf(grid, Grid);
        var household = (await (await grid.GetAsync($"/api/registry/households?building={building}")).Json(HttpStatusCode.OK)).AsArray()
            .First(h => h!["headPersonId"] is not null)!;
        var hid = Id(household);
        var headId = household["headPersonId"]!.GetValue<string>();
        var head = await (await grid.GetAsync($"/api/registry/people/{headId}")).Json(HttpStatusCode.OK);
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        var full = await (await secretary.PostAsJsonAsync($"/api/registry/people/{headId}/unmask", new { reason = "核对重复登记" })).Json(HttpStatusCode.OK);

        // Collected again without an ID number in the same household (no address: the household decides).
        var again = await Masked(await grid.PostAsJsonAsync("/api/registry/people", new
        {
            name = head["name"]!.GetValue<string>() + " ", areaCode = building, birthDate = full["birthDate"]!.GetValue<string>(), householdId = hid, phone = "13700001234",
        }), HttpStatusCode.Created, full["idNumber"]!.GetValue<string>(), full["phone"]!.GetValue<string>());
        GroupWith(await Masked(await grid.GetAsync($"/api/registry/people/duplicates?area={building}"), HttpStatusCode.OK), headId)!
            .Select(p => Id(p!)).Should().BeEquivalentTo([headId, Id(again)]);

        var kept = await Masked(await grid.PostAsJsonAsync($"/api/registry/people/{headId}/merge", new { intoId = Id(again), reason = "重复登记" }),
            HttpStatusCode.OK, full["idNumber"]!.GetValue<string>(), full["phone"]!.GetValue<string>());
        kept["idNumber"]!.GetValue<string>().Should().Be(head["idNumber"]!.GetValue<string>());
        kept["phone"]!.GetValue<string>().Should().Be("137****1234", "the kept record's own phone stays");
        (await (await grid.GetAsync($"/api/registry/households/{hid}")).Json(HttpStatusCode.OK))["headPersonId"]!.GetValue<string>().Should().Be(Id(again));
        var unmasked = await (await secretary.PostAsJsonAsync($"/api/registry/people/{Id(again)}/unmask", new { reason = "核对合并结果" })).Json(HttpStatusCode.OK);
        (unmasked["idNumber"]!.GetValue<string>(), unmasked["birthDate"]!.GetValue<string>()).Should().Be((full["idNumber"]!.GetValue<string>(), full["birthDate"]!.GetValue<string>()));
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Merges_out_of_scope_or_with_bad_input_are_refused_and_change_nothing(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var building = await BuildingOf(grid, Grid);
        var otherStreet = await BuildingOf(admin, "320105002001001");
        var mine = Id(await (await grid.PostAsJsonAsync("/api/registry/people", new { name = "赵六", areaCode = building, birthDate = "1980-01-02" })).Json(HttpStatusCode.Created));
        var twin = Id(await (await grid.PostAsJsonAsync("/api/registry/people", new { name = "赵六", areaCode = building, birthDate = "1980-01-02" })).Json(HttpStatusCode.Created));
        var far = Id(await (await admin.PostAsJsonAsync("/api/registry/people", new { name = "赵六", areaCode = otherStreet, birthDate = "1980-01-02" })).Json(HttpStatusCode.Created));
        var farTwin = Id(await (await admin.PostAsJsonAsync("/api/registry/people", new { name = "赵六", areaCode = otherStreet, birthDate = "1980-01-02" })).Json(HttpStatusCode.Created));

        // Another area's people are neither listed nor mergeable, whichever side they are on.
        var list = await (await grid.GetAsync("/api/registry/people/duplicates")).Json(HttpStatusCode.OK);
        GroupWith(list, mine)!.Select(p => Id(p!)).Should().BeEquivalentTo([mine, twin]);
        GroupWith(list, far).Should().BeNull();
        GroupWith(await (await admin.GetAsync($"/api/registry/people/duplicates?area={otherStreet}")).Json(HttpStatusCode.OK), far)!.Should().HaveCount(2);
        await (await grid.PostAsJsonAsync($"/api/registry/people/{far}/merge", new { intoId = mine, reason = "重复录入" })).Problem(HttpStatusCode.NotFound, "not_found");
        await (await grid.PostAsJsonAsync($"/api/registry/people/{mine}/merge", new { intoId = far, reason = "重复录入" })).Problem(HttpStatusCode.NotFound, "not_found");
        await (await grid.PostAsJsonAsync($"/api/registry/people/{Guid.NewGuid()}/merge", new { intoId = mine, reason = "重复录入" })).Problem(HttpStatusCode.NotFound, "not_found");

        // Bad input: no reason, no target, itself.
        (await grid.PostAsJsonAsync($"/api/registry/people/{twin}/merge", new { intoId = mine, reason = "" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await grid.PostAsJsonAsync($"/api/registry/people/{twin}/merge", new { intoId = mine })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await grid.PostAsJsonAsync($"/api/registry/people/{twin}/merge", new { reason = "重复录入" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await grid.PostAsJsonAsync($"/api/registry/people/{twin}/merge", new { intoId = "not-a-guid", reason = "重复录入" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await grid.PostAsync($"/api/registry/people/{twin}/merge", new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await (await grid.PostAsJsonAsync($"/api/registry/people/{twin}/merge", new { intoId = twin, reason = "重复录入" })).Problem(HttpStatusCode.UnprocessableEntity, "registry.merge.self");

        // Roles without the registry: 403.
        foreach (var account in new[] { Accounts.Dept, Accounts.Member, Accounts.Resident })
        {
            var client = await app.ClientAsAsync(account);
            (await client.GetAsync("/api/registry/people/duplicates")).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await client.PostAsJsonAsync($"/api/registry/people/{twin}/merge", new { intoId = mine, reason = "重复录入" })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
        }

        // Nothing was written: all four are still there, and still listed.
        foreach (var id in new[] { mine, twin, far, farTwin }) (await admin.GetAsync($"/api/registry/people/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
        GroupWith(await (await grid.GetAsync("/api/registry/people/duplicates")).Json(HttpStatusCode.OK), mine)!.Should().HaveCount(2);
        (await (await grid.GetAsync($"/api/registry/people/{mine}/history")).Json(HttpStatusCode.OK)).AsArray().Should().HaveCount(1, "only its creation");
    }
}
