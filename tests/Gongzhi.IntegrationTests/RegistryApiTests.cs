using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.IntegrationTests;

public sealed class RegistryApiTests
{
    const string Grid = CasesApiTests.Grid; // 凤栖苑社区第1网格, the demo grid worker's
    const string Id1 = "320105198506150021", Id2 = "11010519491231002X";

    static async Task<string> BuildingOf(HttpClient client, string grid)
    {
        var children = await (await client.GetAsync($"/api/areas/{grid}/children")).Json(HttpStatusCode.OK);
        return children.AsArray().Select(c => c!["code"]!.GetValue<string>()).First(c => c.Length == 18);
    }

    /// <summary>No full ID number or phone anywhere in a response body.</summary>
    static async Task<JsonNode> Masked(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain(Id1).And.NotContain(Id2).And.NotContain("13912345678").And.NotContain("13800001111");
        response.StatusCode.Should().Be(status, body);
        return JsonNode.Parse(body)!;
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_household_with_two_people_is_kept_encrypted_shown_masked_and_unmasked_with_an_audited_reason(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var building = await BuildingOf(grid, Grid);

        async Task<int> Count(string query) => (await Masked(await grid.GetAsync("/api/registry/people?" + query), HttpStatusCode.OK))["total"]!.GetValue<int>();
        var (inBuilding, onAllowance) = (await Count($"area={building}"), await Count("tag=低保"));
        inBuilding.Should().BeGreaterThan(0, "the demo has people in the demo community's buildings");
        var household = await (await grid.PostAsJsonAsync("/api/registry/households", new { buildingCode = building, room = "2-301" })).Json(HttpStatusCode.Created);
        var hid = household["id"]!.GetValue<string>();
        await (await grid.PostAsJsonAsync("/api/registry/households", new { buildingCode = building, room = "2-301" }))
            .Problem(HttpStatusCode.Conflict, "registry.household.exists");

        var p1 = await Masked(await grid.PostAsJsonAsync("/api/registry/people", new
        {
            name = "欧阳明月", areaCode = building, idNumber = Id1, phone = "139 1234 5678", householdId = hid, tags = new[] { "独居老人", "低保" }, residence = "Registered",
        }), HttpStatusCode.Created);
        p1["idNumber"]!.GetValue<string>().Should().Be("3201**********0021");
        p1["phone"]!.GetValue<string>().Should().Be("139****5678");
        (p1["gender"]!.GetValue<string>(), p1["birthYear"]!.GetValue<int>()).Should().Be(("Female", 1985), "both come from the ID number");
        p1["birthDate"].Should().BeNull("with the full birth date the masked ID number's hidden digits could be worked out");
        p1["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().BeEquivalentTo(["独居老人", "低保"]);
        var id1 = p1["id"]!.GetValue<string>();
        var p2 = await Masked(await grid.PostAsJsonAsync("/api/registry/people", new { name = "司马建国", areaCode = building, idNumber = Id2.ToLowerInvariant(), phone = "13800001111", householdId = hid }),
            HttpStatusCode.Created);

        // Lists, the record, the household and the history: masked everywhere.
        (await Count($"area={building}")).Should().Be(inBuilding + 2);
        (await Count("tag=低保")).Should().Be(onAllowance + 1);
        static IEnumerable<string> Names(JsonNode page) => page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>());
        Names(await Masked(await grid.GetAsync("/api/registry/people?idLast4=002x&pageSize=200"), HttpStatusCode.OK)).Should().Contain("司马建国");
        Names(await Masked(await grid.GetAsync("/api/registry/people?phoneTail=5678&pageSize=200"), HttpStatusCode.OK)).Should().Contain("欧阳明月");
        Names(await Masked(await grid.GetAsync("/api/registry/people?q=欧阳"), HttpStatusCode.OK)).Should().Equal("欧阳明月");
        (await Masked(await grid.GetAsync($"/api/registry/households/{hid}"), HttpStatusCode.OK))["members"]!.AsArray().Should().HaveCount(2);
        (await Masked(await grid.GetAsync($"/api/registry/households?building={building}"), HttpStatusCode.OK)).AsArray()
            .Single(h => h!["id"]!.GetValue<string>() == hid)!["members"]!.GetValue<int>().Should().Be(2);

        // A change is in the record's history, personal data masked.
        (await Masked(await grid.PutAsJsonAsync($"/api/registry/people/{id1}", new { name = "欧阳明月", areaCode = building, idNumber = Id1, phone = "13800002222", householdId = hid }),
            HttpStatusCode.OK))["phone"]!.GetValue<string>().Should().Be("138****2222");
        // Leaving the ID number and phone out of an update keeps them (clients only ever see them masked).
        var kept = await Masked(await grid.PutAsJsonAsync($"/api/registry/people/{id1}", new { name = "欧阳明月", areaCode = building, householdId = hid, tags = new[] { "独居老人", "低保" } }),
            HttpStatusCode.OK);
        (kept["idNumber"]!.GetValue<string>(), kept["phone"]!.GetValue<string>()).Should().Be(("3201**********0021", "138****2222"));
        var history = (await Masked(await grid.GetAsync($"/api/registry/people/{id1}/history"), HttpStatusCode.OK)).AsArray();
        history.Select(h => h!["action"]!.GetValue<string>()).Should().StartWith(["Create", "Update"]);
        history[1]!["before"]!.GetValue<string>().Should().Contain("139****5678");
        history[1]!["after"]!.GetValue<string>().Should().Contain("138****2222").And.NotContain("13800002222");

        // The same ID number twice is refused, pointing at the person already registered.
        var dup = await (await grid.PostAsJsonAsync("/api/registry/people", new { name = "欧阳明月", areaCode = building, idNumber = Id1 }))
            .Problem(HttpStatusCode.Conflict, "registry.person.duplicate");
        dup["detail"]!.GetValue<string>().Should().Contain(id1);

        // Unmasking: not for a grid worker; a secretary must give a reason, and the view is audited.
        await (await grid.PostAsJsonAsync($"/api/registry/people/{id1}/unmask", new { reason = "入户核实身份" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        var secretary = await app.ClientAsAsync(Accounts.Secretary);
        (await secretary.PostAsJsonAsync($"/api/registry/people/{id1}/unmask", new { reason = "" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var full = await (await secretary.PostAsJsonAsync($"/api/registry/people/{id1}/unmask", new { reason = "办理低保复核，核对身份" })).Json(HttpStatusCode.OK);
        (full["idNumber"]!.GetValue<string>(), full["phone"]!.GetValue<string>(), full["birthDate"]!.GetValue<string>()).Should().Be((Id1, "13800002222", "1985-06-15"));
        var viewed = (await (await secretary.GetAsync($"/api/registry/people/{id1}/history")).Json(HttpStatusCode.OK)).AsArray().Last()!;
        (viewed["action"]!.GetValue<string>(), viewed["reason"]!.GetValue<string>()).Should().Be(("View", "办理低保复核，核对身份"));
        p2["id"].Should().NotBeNull();

        // At rest: sealed and bound to the field, so a ciphertext copied into another column does not open there.
        await using var scope = app.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<Gongzhi.Web.Platform.Data.GongzhiDb>();
        var stored = await data.Set<Gongzhi.Web.Modules.Registry.Person>().AsNoTracking().SingleAsync(p => p.Id == Guid.Parse(id1));
        stored.IdNumberCipher.Should().StartWith("g1f.").And.NotContain(Id1);
        var pd = app.Service<Gongzhi.Web.Modules.Registry.PersonalData>();
        pd.Unprotect(stored.IdNumberCipher!, Gongzhi.Web.Modules.Registry.PersonalData.Field.PersonIdNumber).Should().Be(Id1);
        pd.Unprotect(stored.PhoneCipher!, Gongzhi.Web.Modules.Registry.PersonalData.Field.PersonPhone).Should().Be("13800002222");
        FluentActions.Invoking(() => pd.Unprotect(stored.IdNumberCipher!, Gongzhi.Web.Modules.Registry.PersonalData.Field.PersonPhone))
            .Should().Throw<System.Security.Cryptography.CryptographicException>();
        FluentActions.Invoking(() => pd.Unprotect(stored.PhoneCipher!, Gongzhi.Web.Modules.Registry.PersonalData.Field.PersonIdNumber))
            .Should().Throw<System.Security.Cryptography.CryptographicException>();
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Bad_input_and_other_areas_are_refused_and_change_nothing(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var street = await app.ClientAsAsync(Accounts.Street);
        var building = await BuildingOf(grid, Grid);
        var otherStreet = await BuildingOf(await app.ClientAsAsync(Accounts.Admin), "320105002001001");

        var before = (await (await street.GetAsync("/api/registry/people")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>();
        async Task Refused(HttpClient client, object body, HttpStatusCode status, string code) =>
            await (await client.PostAsJsonAsync("/api/registry/people", body)).Problem(status, code);
        await Refused(grid, new { name = "张三", areaCode = building, idNumber = "320105198506150022" }, HttpStatusCode.UnprocessableEntity, "registry.idnumber.checkdigit");
        await Refused(grid, new { name = "张三", areaCode = building, idNumber = "320105199002300016" }, HttpStatusCode.UnprocessableEntity, "registry.idnumber.birthdate");
        await Refused(grid, new { name = "张三", areaCode = building, idNumber = "990105198506150021" }, HttpStatusCode.UnprocessableEntity, "registry.idnumber.region");
        await Refused(grid, new { name = "张三", areaCode = "320105001001001999" }, HttpStatusCode.UnprocessableEntity, "registry.area");
        await Refused(grid, new { name = "张三", areaCode = building, tags = new[] { "不存在" } }, HttpStatusCode.UnprocessableEntity, "registry.tag");
        await Refused(grid, new { name = "张三", areaCode = building, phone = "12ab" }, HttpStatusCode.UnprocessableEntity, "registry.phone");
        await Refused(grid, new { name = "张三", areaCode = otherStreet }, HttpStatusCode.Forbidden, "area.scope");
        await Refused(street, new { name = "张三", areaCode = otherStreet }, HttpStatusCode.Forbidden, "area.scope");
        (await grid.PostAsJsonAsync("/api/registry/people", new { areaCode = building })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await (await street.GetAsync("/api/registry/people?q=张三")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0, "nothing was written");

        // Someone in another street is invisible, not just masked; roles without the registry get 403.
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var far = await (await admin.PostAsJsonAsync("/api/registry/people", new { name = "上官赵六", areaCode = otherStreet })).Json(HttpStatusCode.Created);
        var farId = far["id"]!.GetValue<string>();
        (await street.GetAsync($"/api/registry/people/{farId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await admin.PutAsJsonAsync($"/api/registry/people/{farId}", new { name = "上官赵六", areaCode = otherStreet, idNumber = "320105199001011231" })).Json(HttpStatusCode.OK);
        var elsewhere = await (await street.PostAsJsonAsync("/api/registry/people", new { name = "上官赵六", areaCode = building, idNumber = "320105199001011231" }))
            .Problem(HttpStatusCode.Conflict, "registry.person.duplicate.elsewhere");
        elsewhere.ToJsonString().Should().NotContain(farId, "a person outside the caller's area is not named");
        (await street.PostAsJsonAsync("/api/registry/people", new { name = "张三", areaCode = building, tags = new string?[] { null } })).StatusCode
            .Should().Be(HttpStatusCode.Created, "an empty tag is ignored, not a 500");
        (await street.GetAsync($"/api/registry/people/{farId}/history")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await street.GetAsync("/api/registry/people?q=上官")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);
        (await (await street.GetAsync("/api/registry/people")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(before + 1, "nothing but 张三 above was written in the street");
        (await admin.GetAsync($"/api/registry/people/{farId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var account in new[] { Accounts.Dept, Accounts.Member, Accounts.Resident })
            (await (await app.ClientAsAsync(account)).GetAsync("/api/registry/people")).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
    }
}
