using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gongzhi.IntegrationTests;

public sealed class AreasApiTests
{
    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task The_district_tree_has_its_streets_communities_and_grids(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);

        var district = await (await admin.GetAsync("/api/areas/320105")).Json(HttpStatusCode.OK);
        district["name"]!.GetValue<string>().Should().Be("建邺区");
        district["counts"]!["streets"]!.GetValue<int>().Should().Be(6);
        district["counts"]!["communities"]!.GetValue<int>().Should().Be(64);
        district["counts"]!["grids"]!.GetValue<int>().Should().Be(768);
        district["counts"]!["households"]!.GetValue<int>().Should().BeInRange(768 * 300, 768 * 500);

        var streets = (await (await admin.GetAsync("/api/areas/320105/children")).Json(HttpStatusCode.OK)).AsArray();
        streets.Select(s => s!["name"]!.GetValue<string>()).Should().Equal("莫愁湖街道", "沙洲街道", "双闸街道", "江心洲街道", "兴隆街道", "南苑街道");

        var community = await (await admin.GetAsync("/api/areas/320105001001")).Json(HttpStatusCode.OK);
        community["parentCode"]!.GetValue<string>().Should().Be("320105001");
        community["path"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()).Should().Equal("320105", "320105001", "320105001001");
        var grids = (await (await admin.GetAsync("/api/areas/320105001001/children")).Json(HttpStatusCode.OK)).AsArray();
        grids.Should().HaveCount(12);

        (await admin.GetAsync("/api/areas/999999")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Locate_finds_the_grid_of_a_point_and_refuses_bad_coordinates(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var grid = await (await admin.GetAsync("/api/areas/320105002003004")).Json(HttpStatusCode.OK);

        var found = await (await admin.GetAsync($"/api/areas/locate?lat={grid["lat"]}&lng={grid["lng"]}")).Json(HttpStatusCode.OK);
        found["grid"]!["code"]!.GetValue<string>().Should().Be("320105002003004");
        found["street"]!["name"]!.GetValue<string>().Should().Be("沙洲街道");
        found["district"]!["code"]!.GetValue<string>().Should().Be("320105");

        await (await admin.GetAsync("/api/areas/locate?lat=39.9&lng=116.4")).Problem(HttpStatusCode.NotFound, "locate.outside");
        await (await admin.GetAsync("/api/areas/locate?lat=91&lng=118.7")).Problem(HttpStatusCode.BadRequest, "locate.range");
        await (await admin.GetAsync("/api/areas/locate?lat=32&lng=-181")).Problem(HttpStatusCode.BadRequest, "locate.range");
        await (await admin.GetAsync("/api/areas/locate?lat=32")).Problem(HttpStatusCode.BadRequest, "locate.range");

        // A street worker of 莫愁湖 cannot learn which grid of 沙洲 a point is in.
        var street = await app.ClientAsAsync(Accounts.Street);
        var hidden = await (await street.GetAsync($"/api/areas/locate?lat={grid["lat"]}&lng={grid["lng"]}")).Problem(HttpStatusCode.NotFound, "locate.outside");
        hidden.ToJsonString().Should().NotContain("沙洲");
    }

    const string Gulou = """
        code,name
        320106,鼓楼区
        320106001,宁海路街道
        320106001001,北京西路社区居委会
        320106001002,江苏路社区居委会
        """;

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Division_import_is_all_or_nothing_with_every_rejected_row(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var city = await app.ClientAsAsync(Accounts.City);

        var bad = Gulou + "\n320106001003,\n320106100001,某村\n32010600200A,错\n320107001001,无上级社区\n";
        var problem = await (await city.PostAsync("/api/areas/divisions", Http.File("file", bad, "gulou.csv"))).Problem(HttpStatusCode.BadRequest, "import.rejected");
        var rejected = problem["rejected"]!.AsArray();
        rejected.Select(r => r!["row"]!.GetValue<int>()).Should().Equal(5, 6, 7, 8);
        rejected[0]!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain("area.name.required");
        rejected[1]!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain("area.code.street");
        rejected[2]!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain("area.code.digits");
        rejected[3]!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain("area.parent.unknown");
        rejected[0]!["reasons"]!.AsArray().Should().NotBeEmpty();
        (await city.GetAsync("/api/areas/320106")).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was written");

        var ok = await (await city.PostAsync("/api/areas/divisions", Http.File("file", Gulou, "gulou.csv"))).Json(HttpStatusCode.OK);
        ok["created"]!.GetValue<int>().Should().Be(4);
        (await (await city.GetAsync("/api/areas/320106001/children")).Json(HttpStatusCode.OK)).AsArray().Should().HaveCount(2);

        // JSON of the same rows changes nothing; a renamed community is updated.
        var json = """[{"code":"320106","name":"鼓楼区"},{"code":"320106001002","name":"江苏路社区"}]""";
        var again = await (await city.PostAsync("/api/areas/divisions", Http.File("file", json, "gulou.json"))).Json(HttpStatusCode.OK);
        (again["unchanged"]!.GetValue<int>(), again["updated"]!.GetValue<int>()).Should().Be((1, 1));

        // The district admin of 建邺 may not load codes of 鼓楼.
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var outside = await (await admin.PostAsync("/api/areas/divisions", Http.File("file", "code,name\n320106001003,新社区\n", "x.csv"))).Problem(HttpStatusCode.BadRequest, "import.rejected");
        outside["rejected"]![0]!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Contain("area.scope");

        // Excel works the same way, with the Chinese headers too.
        using var xlsx = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[] { new Dictionary<string, object> { ["代码"] = "320106001003", ["名称"] = "宁海路社区居委会" } });
        var excel = new MultipartFormDataContent { { new ByteArrayContent(xlsx.ToArray()), "file", "gulou.xlsx" } };
        (await (await city.PostAsync("/api/areas/divisions", excel)).Json(HttpStatusCode.OK))["created"]!.GetValue<int>().Should().Be(1);
        var notExcel = new MultipartFormDataContent { { new ByteArrayContent("not a zip"u8.ToArray()), "file", "broken.xlsx" } };
        await (await city.PostAsync("/api/areas/divisions", notExcel)).Problem(HttpStatusCode.BadRequest, "import.unreadable");

        await (await city.PostAsync("/api/areas/divisions", Http.File("file", "id,title\n1,x\n", "x.csv"))).Problem(HttpStatusCode.BadRequest, "import.headers");
        await (await city.PostAsync("/api/areas/divisions", Http.File("file", "code,name\n", "x.pdf"))).Problem(HttpStatusCode.BadRequest, "import.format");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task GeoJson_round_trips_and_a_bad_feature_rejects_the_whole_file(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);

        var exported = await admin.GetAsync("/api/areas/320105001001/grids.geojson");
        exported.Content.Headers.ContentType!.MediaType.Should().Be("application/geo+json");
        var collection = JsonNode.Parse(await exported.Content.ReadAsStringAsync())!;
        collection["features"]!.AsArray().Should().HaveCount(12);

        var same = await (await admin.PostAsync("/api/areas/grids.geojson", Http.GeoJson(collection))).Json(HttpStatusCode.OK);
        (same["created"]!.GetValue<int>(), same["updated"]!.GetValue<int>()).Should().Be((0, 12));
        var back = JsonNode.Parse(await (await admin.GetAsync("/api/areas/320105001001/grids.geojson")).Content.ReadAsStringAsync())!;
        back["features"]!.ToJsonString().Should().Be(collection["features"]!.ToJsonString());

        // Grid 2 moved onto grid 1, grid 3 a bow-tie, a grid of an unknown community: all rejected, nothing written.
        var broken = JsonNode.Parse(collection.ToJsonString())!;
        var features = broken["features"]!.AsArray();
        features[1]!["geometry"] = features[0]!["geometry"]!.DeepClone();
        features[2]!["geometry"] = JsonNode.Parse("""{"type":"Polygon","coordinates":[[[118.66,32.06],[118.67,32.07],[118.67,32.06],[118.66,32.07],[118.66,32.06]]]}""");
        features.Add(JsonNode.Parse("""{"type":"Feature","properties":{"code":"320105001099001","name":"无主网格"},"geometry":{"type":"Polygon","coordinates":[[[118.9,32.1],[118.91,32.1],[118.91,32.11],[118.9,32.1]]]}}"""));
        var problem = await (await admin.PostAsync("/api/areas/grids.geojson", Http.GeoJson(broken))).Problem(HttpStatusCode.BadRequest, "geo.rejected");
        var reasons = problem["rejected"]!.AsArray().ToDictionary(r => r!["key"]!.GetValue<string>(), r => r!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList());
        reasons["320105001001002"].Should().Contain("geo.overlap");
        reasons["320105001001003"].Should().Contain("geo.self_intersection");
        reasons["320105001099001"].Should().Contain("area.parent.unknown");
        var after = JsonNode.Parse(await (await admin.GetAsync("/api/areas/320105001001/grids.geojson")).Content.ReadAsStringAsync())!;
        after["features"]!.ToJsonString().Should().Be(collection["features"]!.ToJsonString(), "nothing was written");

        await (await admin.PostAsync("/api/areas/grids.geojson", new StringContent("not json", System.Text.Encoding.UTF8, "application/json"))).Problem(HttpStatusCode.BadRequest, "geo.json");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_new_district_with_grids_is_located_at_once(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var city = await app.ClientAsAsync(Accounts.City);
        (await city.GetAsync("/api/areas/locate?lat=32.085&lng=118.795")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await city.PostAsync("/api/areas/divisions", Http.File("file", Gulou, "gulou.csv"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var grid = JsonNode.Parse("""
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"320106001001001","name":"北京西路第1网格"},
             "geometry":{"type":"Polygon","coordinates":[[[118.79,32.08],[118.80,32.08],[118.80,32.09],[118.79,32.09],[118.79,32.08]]]}}]}
            """)!;
        (await (await city.PostAsync("/api/areas/grids.geojson", Http.GeoJson(grid))).Json(HttpStatusCode.OK))["created"]!.GetValue<int>().Should().Be(1);
        var found = await (await city.GetAsync("/api/areas/locate?lat=32.085&lng=118.795")).Json(HttpStatusCode.OK);
        found["grid"]!["code"]!.GetValue<string>().Should().Be("320106001001001");
        found["district"]!["name"]!.GetValue<string>().Should().Be("鼓楼区");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Staffing_gaps_shrink_when_a_manager_is_assigned(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var street = await app.ClientAsAsync(Accounts.Street);
        var gaps = await (await street.GetAsync("/api/areas/320105001/staffing-gaps")).Json(HttpStatusCode.OK);
        var missing = gaps["gridsWithoutManager"]!.AsArray();
        missing.Should().NotBeEmpty("the demo leaves some grids without a manager");
        gaps["communities"]!.AsArray().Sum(c => c!["withoutManager"]!.GetValue<int>()).Should().Be(missing.Count);
        var gridCode = missing[0]!["code"]!.GetValue<string>();

        var created = await (await street.PostAsJsonAsync($"/api/areas/{gridCode}/staff", new { name = "钱进", phone = "13900001111", role = "Manager", fullTime = true })).Json(HttpStatusCode.Created);
        created["phone"]!.GetValue<string>().Should().Be("139****1111");
        var after = await (await street.GetAsync("/api/areas/320105001/staffing-gaps")).Json(HttpStatusCode.OK);
        after["gridsWithoutManager"]!.AsArray().Should().HaveCount(missing.Count - 1);

        await (await street.PostAsJsonAsync($"/api/areas/{gridCode}/staff", new { name = "孙二", role = "Manager" })).Problem(HttpStatusCode.Conflict, "staffing.manager.exists");
        await (await street.PostAsJsonAsync("/api/areas/320105001001/staff", new { name = "孙二", role = "Assistant" })).Problem(HttpStatusCode.UnprocessableEntity, "staffing.not_grid");
        (await street.PostAsJsonAsync($"/api/areas/{gridCode}/staff", new { name = "", role = "Assistant" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var xlsx = await street.GetAsync("/api/areas/320105001/staffing-gaps.xlsx");
        xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
        (await xlsx.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal((byte)'P', (byte)'K');

        var staff = (await (await street.GetAsync($"/api/areas/{gridCode}/staff")).Json(HttpStatusCode.OK)).AsArray();
        var id = staff.Single(s => s!["name"]!.GetValue<string>() == "钱进")!["id"]!.GetValue<string>();
        (await street.DeleteAsync($"/api/areas/staff/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await (await street.GetAsync("/api/areas/320105001/staffing-gaps")).Json(HttpStatusCode.OK))["gridsWithoutManager"]!.AsArray().Should().HaveCount(missing.Count);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Changes_are_audited_with_personal_data_masked(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var street = await app.ClientAsAsync(Accounts.Street);
        (await street.PostAsJsonAsync("/api/areas/320105001004001/staff", new { name = "周审计", phone = "13712345678", role = "Assistant" })).StatusCode.Should().Be(HttpStatusCode.Created);

        var admin = await app.ClientAsAsync(Accounts.Admin);
        var log = await (await admin.GetAsync("/api/audit?type=GridStaff&area=320105001004")).Json(HttpStatusCode.OK);
        var entry = log["items"]!.AsArray().Single(e => e!["after"]!.GetValue<string>().Contains("周审计"))!;
        entry["userName"]!.GetValue<string>().Should().Be(Accounts.Street);
        entry["action"]!.GetValue<string>().Should().Be("Create");
        entry["areaCode"]!.GetValue<string>().Should().Be("320105001004001");
        entry["after"]!.GetValue<string>().Should().Contain("137****5678").And.NotContain("13712345678");

        (await street.GetAsync("/api/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var dated = await (await admin.GetAsync($"/api/audit?type=GridStaff&from={today}&to={today}")).Json(HttpStatusCode.OK);
        dated["items"]!.AsArray().Should().Contain(e => e!["after"]!.GetValue<string>().Contains("周审计"));
        (await (await admin.GetAsync("/api/audit?type=GridStaff&from=2020-01-01&to=2020-01-02")).Json(HttpStatusCode.OK))["total"]!.GetValue<int>().Should().Be(0);
    }
}
