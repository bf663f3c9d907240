using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.IntegrationTests;

/// <summary>RG-2 places and things, RG-3 organisations: located, scoped, masked, coded, with history.</summary>
public sealed class RegistryPlacesOrganisationsTests
{
    const string Grid = CasesApiTests.Grid; // 凤栖苑社区第1网格, the demo grid worker's
    const string OtherGrid = "320105002001001"; // another street
    const string Phone1 = "13912345678", Phone2 = "13800001111";
    const string Code1 = "91350100M000100Y43", Code2 = "914403001922038216";

    static async Task<(double Lng, double Lat)> CentreOf(HttpClient admin, string grid)
    {
        var area = await (await admin.GetAsync($"/api/areas/{grid}")).Json(HttpStatusCode.OK);
        return (area["lng"]!.GetValue<double>(), area["lat"]!.GetValue<double>());
    }

    static async Task<string> BuildingOf(HttpClient client, string grid)
    {
        var children = await (await client.GetAsync($"/api/areas/{grid}/children")).Json(HttpStatusCode.OK);
        return children.AsArray().Select(c => c!["code"]!.GetValue<string>()).First(c => c.Length == 18);
    }

    /// <summary>No full contact phone anywhere in a response body.</summary>
    static async Task<JsonNode> Masked(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain(Phone1).And.NotContain(Phone2);
        response.StatusCode.Should().Be(status, body);
        return JsonNode.Parse(body)!;
    }

    static int Total(JsonNode page) => page["total"]!.GetValue<int>();
    static IEnumerable<string> Names(JsonNode page) => page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>());

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Organisations_are_located_masked_coded_and_keep_a_history(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var (lng, lat) = await CentreOf(admin, Grid);

        // The demo: organisations in the demo grid, and 两新 organisations without the party organisation they need.
        Total(await Masked(await grid.GetAsync($"/api/registry/organisations?area={Grid}"), HttpStatusCode.OK)).Should().BeGreaterThan(0);
        var gaps = await Masked(await admin.GetAsync("/api/registry/organisations?partyGap=true&pageSize=200"), HttpStatusCode.OK);
        Total(gaps).Should().BeGreaterThan(1);
        gaps["items"]!.AsArray().Should().OnlyContain(o => o!["kind"]!.GetValue<string>() == "NewEconomic" && o["partyMembers"]!.GetValue<int>() >= 3
            && !o["hasPartyOrganisation"]!.GetValue<bool>() && o["partyGap"]!.GetValue<bool>());
        Total(await Masked(await admin.GetAsync("/api/registry/organisations?kind=PropertyCompany"), HttpStatusCode.OK)).Should().BeGreaterThan(0);
        Total(await Masked(await admin.GetAsync("/api/registry/organisations?kind=ResidentsCommittee"), HttpStatusCode.OK)).Should().BeGreaterThan(1);
        var (before, beforeGaps) = (Total(await Masked(await grid.GetAsync("/api/registry/organisations"), HttpStatusCode.OK)),
            Total(await Masked(await grid.GetAsync("/api/registry/organisations?partyGap=true"), HttpStatusCode.OK)));

        // A point is located to its grid; the credit code is checked and kept upper-case; the phone is shown masked.
        var created = await Masked(await grid.PostAsJsonAsync("/api/registry/organisations", new
        {
            name = "南京测试网络科技有限公司", kind = "NewEconomic", creditCode = Code1.ToLowerInvariant(), lng, lat, address = "凤栖苑 8 号",
            contactName = "周经理", contactPhone = "139 1234 5678", employees = 25, partyMembers = 3, hasPartyOrganisation = false,
        }), HttpStatusCode.Created);
        (created["areaCode"]!.GetValue<string>(), created["creditCode"]!.GetValue<string>(), created["contactPhone"]!.GetValue<string>())
            .Should().Be((Grid, Code1, "139****5678"));
        created["partyGap"]!.GetValue<bool>().Should().BeTrue();
        var id = created["id"]!.GetValue<string>();
        Total(await Masked(await grid.GetAsync("/api/registry/organisations"), HttpStatusCode.OK)).Should().Be(before + 1);
        Total(await Masked(await grid.GetAsync("/api/registry/organisations?partyGap=true"), HttpStatusCode.OK)).Should().Be(beforeGaps + 1);
        Names(await Masked(await grid.GetAsync("/api/registry/organisations?q=测试网络"), HttpStatusCode.OK)).Should().Equal("南京测试网络科技有限公司");
        Names(await Masked(await grid.GetAsync($"/api/registry/organisations?q={Code1}"), HttpStatusCode.OK)).Should().Equal("南京测试网络科技有限公司");
        Names(await Masked(await grid.GetAsync("/api/registry/organisations?kind=NewEconomic&hasPartyOrg=false&sort=Updated&pageSize=200"), HttpStatusCode.OK))
            .First().Should().Be("南京测试网络科技有限公司");
        (await Masked(await grid.GetAsync($"/api/registry/organisations/{id}"), HttpStatusCode.OK))["contactPhone"]!.GetValue<string>().Should().Be("139****5678");

        // An update: a party organisation set up, the phone changed, then left out (kept); a building as the area.
        var building = await BuildingOf(grid, Grid);
        (await Masked(await grid.PutAsJsonAsync($"/api/registry/organisations/{id}", new
        {
            name = "南京测试网络科技有限公司", kind = "NewEconomic", creditCode = Code1, areaCode = building, contactPhone = Phone2, partyMembers = 4, hasPartyOrganisation = true,
        }), HttpStatusCode.OK))["contactPhone"]!.GetValue<string>().Should().Be("138****1111");
        var kept = await Masked(await grid.PutAsJsonAsync($"/api/registry/organisations/{id}", new
        {
            name = "南京测试网络科技有限公司", kind = "NewEconomic", creditCode = Code1, areaCode = building, partyMembers = 4, hasPartyOrganisation = true,
        }), HttpStatusCode.OK);
        (kept["contactPhone"]!.GetValue<string>(), kept["areaCode"]!.GetValue<string>(), kept["partyGap"]!.GetValue<bool>()).Should().Be(("138****1111", building, false));
        Total(await Masked(await grid.GetAsync("/api/registry/organisations?partyGap=true"), HttpStatusCode.OK)).Should().Be(beforeGaps);
        var history = (await Masked(await grid.GetAsync($"/api/registry/organisations/{id}/history"), HttpStatusCode.OK)).AsArray();
        history.Select(h => h!["action"]!.GetValue<string>()).Should().StartWith(["Create", "Update"]);
        history[1]!["before"]!.GetValue<string>().Should().Contain("139****5678");
        history[1]!["after"]!.GetValue<string>().Should().Contain("138****1111").And.Contain("HasPartyOrganisation");

        // The same credit code twice is refused.
        await (await grid.PostAsJsonAsync("/api/registry/organisations", new { name = "另一家公司", kind = "Enterprise", creditCode = Code1, areaCode = Grid }))
            .Problem(HttpStatusCode.Conflict, "registry.organisation.duplicate");

        // Bad input: nothing written.
        var street = await app.ClientAsAsync(Accounts.Street);
        async Task Refused(HttpClient client, object body, HttpStatusCode status, string code) =>
            await (await client.PostAsJsonAsync("/api/registry/organisations", body)).Problem(status, code);
        await Refused(grid, new { name = "坏数据", kind = "Enterprise", areaCode = Grid, creditCode = "91350100M000100Y44" }, HttpStatusCode.UnprocessableEntity, "registry.creditcode.checkcharacter");
        await Refused(grid, new { name = "坏数据", kind = "Enterprise", areaCode = Grid, creditCode = "9135010" }, HttpStatusCode.UnprocessableEntity, "registry.creditcode.length");
        await Refused(grid, new { name = "坏数据", kind = "Enterprise", areaCode = "320105001001999" }, HttpStatusCode.BadRequest, "registry.area");
        await Refused(grid, new { name = "坏数据", kind = "Enterprise" }, HttpStatusCode.BadRequest, "registry.area.missing");
        await Refused(grid, new { name = "坏数据", kind = "Enterprise", lng = 100.0, lat = 30.0 }, HttpStatusCode.BadRequest, "registry.point.outside");
        await Refused(grid, new { name = "坏数据", kind = "Enterprise", lng = 100.0 }, HttpStatusCode.BadRequest, "registry.point");
        await Refused(grid, new { name = "坏数据", kind = "Enterprise", areaCode = Grid, contactPhone = "12ab" }, HttpStatusCode.UnprocessableEntity, "registry.phone");
        await Refused(grid, new { name = "坏数据", kind = "Enterprise", areaCode = "320105001001002" }, HttpStatusCode.Forbidden, "area.scope");
        await Refused(street, new { name = "坏数据", kind = "Enterprise", areaCode = OtherGrid }, HttpStatusCode.Forbidden, "area.scope");
        (await grid.PostAsJsonAsync("/api/registry/organisations", new { name = "坏数据", kind = "NoSuchKind", areaCode = Grid })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await grid.PostAsJsonAsync("/api/registry/organisations", new { name = "坏数据", kind = "Enterprise", areaCode = Grid, partyMembers = -1 })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await grid.PostAsJsonAsync("/api/registry/organisations", new { kind = "Enterprise", areaCode = Grid })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Total(await Masked(await admin.GetAsync("/api/registry/organisations?q=坏数据"), HttpStatusCode.OK)).Should().Be(0, "nothing was written");

        // Another street's organisation: invisible to this street (404), not writable (404 on update, 403 to create there).
        var far = await Masked(await admin.PostAsJsonAsync("/api/registry/organisations", new { name = "远方驻区单位", kind = "StationedUnit", areaCode = OtherGrid, contactPhone = Phone1 }),
            HttpStatusCode.Created);
        var farId = far["id"]!.GetValue<string>();
        (await street.GetAsync($"/api/registry/organisations/{farId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await street.GetAsync($"/api/registry/organisations/{farId}/history")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await street.PutAsJsonAsync($"/api/registry/organisations/{farId}", new { name = "改名", kind = "StationedUnit", areaCode = Grid }))
            .Problem(HttpStatusCode.NotFound, "not_found");
        Total(await Masked(await street.GetAsync("/api/registry/organisations?q=远方"), HttpStatusCode.OK)).Should().Be(0);
        (await Masked(await admin.GetAsync($"/api/registry/organisations/{farId}"), HttpStatusCode.OK))["name"]!.GetValue<string>().Should().Be("远方驻区单位");
        foreach (var account in new[] { Accounts.Dept, Accounts.Member, Accounts.Resident })
        {
            var client = await app.ClientAsAsync(account);
            (await client.GetAsync("/api/registry/organisations")).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await client.PostAsJsonAsync("/api/registry/organisations", new { name = "x", kind = "Enterprise", areaCode = Grid })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
        }
        await (await grid.PostAsJsonAsync("/api/registry/organisations", new { name = "另一家公司", kind = "Enterprise", creditCode = Code2, areaCode = Grid })).Json(HttpStatusCode.Created);
        // The Party module reads coverage through Registry.Public: the same blank spots as the API, and no contact data.
        await using var scope = app.Services.CreateAsyncScope();
        var gongzhi = scope.ServiceProvider.GetRequiredService<Gongzhi.Web.Platform.Data.GongzhiDb>();
        var coverage = await Gongzhi.Web.Modules.Registry.Public.RegistryOrganisations.ListAsync(gongzhi, ["320105"], gapsOnly: true);
        coverage.Select(c => c.Id.ToString()).Should().BeEquivalentTo(
            (await Masked(await admin.GetAsync("/api/registry/organisations?partyGap=true&pageSize=200"), HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        coverage.Should().OnlyContain(c => c.PartyGap && c.Kind == Gongzhi.Web.Modules.Registry.OrganisationKind.NewEconomic);
        (await Gongzhi.Web.Modules.Registry.Public.RegistryOrganisations.ListAsync(gongzhi, [Grid])).Should().OnlyContain(c => c.AreaCode.StartsWith(Grid));
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Places_are_located_to_their_grid_get_component_codes_and_export_as_geojson(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var street = await app.ClientAsAsync(Accounts.Street);
        var (lng, lat) = await CentreOf(admin, Grid);

        // The demo: places in the demo grid, of several kinds.
        var demo = await (await grid.GetAsync($"/api/registry/places?area={Grid}&pageSize=200")).Json(HttpStatusCode.OK);
        Total(demo).Should().BeGreaterThan(0);
        Total(await (await admin.GetAsync("/api/registry/places?kind=Camera")).Json(HttpStatusCode.OK)).Should().BeGreaterThan(0);
        (await (await grid.GetAsync("/api/registry/places/categories")).Json(HttpStatusCode.OK)).AsArray().Should().HaveCount(6);

        // 大类 + 小类 → the next serial of the county; the point gives the grid.
        var next = await (await admin.GetAsync("/api/registry/places?q=3201050101&pageSize=1")).Json(HttpStatusCode.OK);
        var first = await (await grid.PostAsJsonAsync("/api/registry/places", new { kind = "Component", name = "上水井盖 测试1", lng, lat, major = "01", minor = "01", status = "Damaged" }))
            .Json(HttpStatusCode.Created);
        var code1 = first["code"]!.GetValue<string>();
        code1.Should().StartWith("3201050101").And.HaveLength(16);
        (first["areaCode"]!.GetValue<string>(), first["major"]!.GetValue<string>(), first["minor"]!.GetValue<string>(), first["status"]!.GetValue<string>())
            .Should().Be((Grid, "01", "01", "Damaged"));
        int.Parse(code1[10..]).Should().Be(Total(next) + 1, "serials run on from the demo's");
        var second = await (await grid.PostAsJsonAsync("/api/registry/places", new { kind = "Component", name = "上水井盖 测试2", lng = lng + 0.0001, lat, major = "01", minor = "01" }))
            .Json(HttpStatusCode.Created);
        second["code"]!.GetValue<string>().Should().Be(code1[..10] + (int.Parse(code1[10..]) + 1).ToString("000000"));

        // A full code is checked and kept; a camera with its video point; a building of the grid.
        var building = await BuildingOf(grid, Grid);
        var camera = await (await grid.PostAsJsonAsync("/api/registry/places", new
        {
            kind = "Camera", name = "凤栖苑东门监控", lng, lat, code = "3201050610900001", cameraPointId = "32010500001320000042", buildingCode = building,
        })).Json(HttpStatusCode.Created);
        (camera["code"]!.GetValue<string>(), camera["cameraPointId"]!.GetValue<string>(), camera["buildingCode"]!.GetValue<string>())
            .Should().Be(("3201050610900001", "32010500001320000042", building));
        var cameraId = camera["id"]!.GetValue<string>();

        // An update: status and name; the code kept when left out; history.
        (await (await grid.PutAsJsonAsync($"/api/registry/places/{cameraId}", new { kind = "Camera", name = "凤栖苑东门监控（高清）", lng, lat, status = "Lost" })).Json(HttpStatusCode.OK))
            ["code"]!.GetValue<string>().Should().Be("3201050610900001");
        var history = (await (await grid.GetAsync($"/api/registry/places/{cameraId}/history")).Json(HttpStatusCode.OK)).AsArray();
        history.Select(h => h!["action"]!.GetValue<string>()).Should().Equal("Create", "Update");
        history[1]!["after"]!.GetValue<string>().Should().Contain("Lost");
        (await (await grid.GetAsync($"/api/registry/places/{cameraId}")).Json(HttpStatusCode.OK))["status"]!.GetValue<string>().Should().Be("Lost");
        Names(await (await grid.GetAsync("/api/registry/places?q=凤栖苑东门&kind=Camera&major=06&status=Lost")).Json(HttpStatusCode.OK)).Should().Equal("凤栖苑东门监控（高清）");

        // Codes allocated at the same moment do not clash: the unique index turns a race into a retry with the next serial.
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            grid.PostAsJsonAsync("/api/registry/places", new { kind = "Component", name = $"路灯 并发{i}", lng, lat, major = "01", minor = "19" })));
        var racingCodes = new List<string>();
        foreach (var r in racing) racingCodes.Add((await r.Json(HttpStatusCode.Created))["code"]!.GetValue<string>());
        racingCodes.Should().OnlyHaveUniqueItems().And.OnlyContain(c => c.StartsWith("3201050119"));
        Total(await (await admin.GetAsync("/api/registry/places?q=路灯 并发")).Json(HttpStatusCode.OK)).Should().Be(6);

        // Bad input: nothing written.
        var before = Total(await (await admin.GetAsync("/api/registry/places")).Json(HttpStatusCode.OK));
        async Task Refused(HttpClient client, object body, HttpStatusCode status, string code) =>
            await (await client.PostAsJsonAsync("/api/registry/places", body)).Problem(status, code);
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat, code = "3201050610900001" }, HttpStatusCode.Conflict, "registry.place.code.duplicate");
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat, code = "3201060101000001" }, HttpStatusCode.UnprocessableEntity, "registry.place.code.county");
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat, code = "3201050901000001" }, HttpStatusCode.UnprocessableEntity, "registry.place.code.major");
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat, code = "320105010100001" }, HttpStatusCode.UnprocessableEntity, "registry.place.code.length");
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat, major = "07", minor = "01" }, HttpStatusCode.UnprocessableEntity, "registry.place.code.major");
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat, major = "01", minor = "00" }, HttpStatusCode.UnprocessableEntity, "registry.place.code.minor");
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat }, HttpStatusCode.UnprocessableEntity, "registry.place.code.missing");
        await Refused(grid, new { kind = "Component", name = "坏", lng = 100.0, lat = 30.0, major = "01", minor = "01" }, HttpStatusCode.BadRequest, "registry.point.outside");
        await Refused(grid, new { kind = "Component", name = "坏", lng, lat, major = "01", minor = "01", buildingCode = "320105001001001999" }, HttpStatusCode.BadRequest, "registry.building");
        var (otherLng, otherLat) = await CentreOf(admin, OtherGrid);
        await Refused(grid, new { kind = "Component", name = "坏", lng = otherLng, lat = otherLat, major = "01", minor = "01" }, HttpStatusCode.Forbidden, "area.scope");
        await Refused(street, new { kind = "Component", name = "坏", lng = otherLng, lat = otherLat, major = "01", minor = "01" }, HttpStatusCode.Forbidden, "area.scope");
        var otherBuilding = await BuildingOf(admin, OtherGrid);
        await Refused(admin, new { kind = "Component", name = "坏", lng, lat, major = "01", minor = "01", buildingCode = otherBuilding }, HttpStatusCode.UnprocessableEntity, "registry.place.building");
        (await grid.PostAsJsonAsync("/api/registry/places", new { kind = "Component", name = "坏", lng = 200.0, lat, major = "01", minor = "01" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await grid.PostAsJsonAsync("/api/registry/places", new { kind = "Thing", name = "坏", lng, lat, major = "01", minor = "01" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Total(await (await admin.GetAsync("/api/registry/places")).Json(HttpStatusCode.OK)).Should().Be(before, "nothing was written");

        // Another street's place: not in this street's lists, GeoJSON or reach.
        var far = await (await admin.PostAsJsonAsync("/api/registry/places", new { kind = "Facility", name = "远方公厕", lng = otherLng, lat = otherLat, major = "03", minor = "01" }))
            .Json(HttpStatusCode.Created);
        var farId = far["id"]!.GetValue<string>();
        far["areaCode"]!.GetValue<string>().Should().Be(OtherGrid);
        (await street.GetAsync($"/api/registry/places/{farId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await street.GetAsync($"/api/registry/places/{farId}/history")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await (await street.PutAsJsonAsync($"/api/registry/places/{farId}", new { kind = "Facility", name = "改名", lng, lat })).Problem(HttpStatusCode.NotFound, "not_found");

        // GeoJSON: a FeatureCollection of points in scope.
        var response = await street.GetAsync("/api/registry/places.geojson");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/geo+json");
        var collection = await response.Json(HttpStatusCode.OK);
        collection["type"]!.GetValue<string>().Should().Be("FeatureCollection");
        var features = collection["features"]!.AsArray();
        features.Should().NotBeEmpty().And.OnlyContain(f => f!["type"]!.GetValue<string>() == "Feature" && f["geometry"]!["type"]!.GetValue<string>() == "Point"
            && f["geometry"]!["coordinates"]!.AsArray().Count == 2 && f["properties"]!["areaCode"]!.GetValue<string>().StartsWith("320105001"));
        features.Select(f => f!["id"]!.GetValue<string>()).Should().Contain(cameraId).And.NotContain(farId);
        var cam = features.Single(f => f!["id"]!.GetValue<string>() == cameraId)!;
        cam["geometry"]!["coordinates"]!.AsArray().Select(c => c!.GetValue<double>()).Should().Equal(lng, lat);
        (cam["properties"]!["name"]!.GetValue<string>(), cam["properties"]!["kind"]!.GetValue<string>(), cam["properties"]!["code"]!.GetValue<string>())
            .Should().Be(("凤栖苑东门监控（高清）", "Camera", "3201050610900001"));
        var inGrid = (await (await grid.GetAsync($"/api/registry/places.geojson?area={Grid}")).Json(HttpStatusCode.OK))["features"]!.AsArray();
        inGrid.Should().OnlyContain(f => f!["properties"]!["areaCode"]!.GetValue<string>() == Grid);
        (await (await admin.GetAsync($"/api/registry/places.geojson?area={OtherGrid}")).Json(HttpStatusCode.OK))["features"]!.AsArray()
            .Select(f => f!["id"]!.GetValue<string>()).Should().Contain(farId);
        foreach (var account in new[] { Accounts.Dept, Accounts.Member, Accounts.Resident })
        {
            var client = await app.ClientAsAsync(account);
            (await client.GetAsync("/api/registry/places")).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await client.GetAsync("/api/registry/places.geojson")).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
            (await client.PostAsJsonAsync("/api/registry/places", new { kind = "Facility", name = "x", lng, lat, major = "03", minor = "01" })).StatusCode.Should().Be(HttpStatusCode.Forbidden, account);
        }
    }
}
