using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.IntegrationTests;

/// <summary>Bulk import and export of people (RG-4): all or nothing, rejected rows with reasons and a sheet, masked export, scope.</summary>
public sealed class RegistryImportTests
{
    const string Grid = CasesApiTests.Grid;
    const string Header = "姓名,身份证号,性别,出生日期,手机号,楼栋编码,房号,是否户主,地址,户籍状态,政治面貌,标签";

    static async Task<List<string>> BuildingsOf(HttpClient client, string grid)
    {
        var children = await (await client.GetAsync($"/api/areas/{grid}/children")).Json(HttpStatusCode.OK);
        return [.. children.AsArray().Select(c => c!["code"]!.GetValue<string>()).Where(c => c.Length == 18)];
    }

    /// <summary>A valid ID number (Beijing, so none of the demo people's) for the n-th generated person (distinct for n below 25,000,000).</summary>
    static string IdFor(int n)
    {
        var born = new DateOnly(1940, 1, 1).AddDays(n / 997 % 25000);
        var first17 = "110105" + born.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (n % 997).ToString("000", CultureInfo.InvariantCulture);
        return first17 + IdNumber.CheckCharacter(first17);
    }

    static MultipartFormDataContent Csv(string body, string name = "people.csv") => Http.File("file", body, name);

    static async Task<int> Total(HttpClient client, string query) =>
        (await (await client.GetAsync("/api/registry/people?" + query)).Json(HttpStatusCode.OK))["total"]!.GetValue<int>();

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_good_file_is_imported_whole_and_a_file_with_bad_rows_changes_nothing(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var building = (await BuildingsOf(grid, Grid))[0];
        var otherStreet = (await BuildingsOf(await app.ClientAsAsync(Accounts.Admin), "320105002001001"))[0];

        var template = await grid.GetAsync("/api/registry/import/people/template");
        template.StatusCode.Should().Be(HttpStatusCode.OK);
        (await template.Content.ReadAsStringAsync()).Should().StartWith(Header);

        var (id1, id2, id3) = (IdFor(7_000_001), IdFor(7_000_002), IdFor(7_000_003));
        var good = $"""
            {Header}
            导入甲,{id1},,,13955550001,{building},9-901,是,凤栖苑9幢901室,户籍,中共党员,独居老人、低保
            导入乙,{id2.ToLowerInvariant()},,,,{building},9-901,否,,常住,群众,
            导入丙,,女,1990-05-06,139 5555 0003,{building},9-902,否,,流动,,
            ,,,,,,,,,,,
            =导入丁,,,,,{building},,否,,,,
            """;
        var before = await Total(grid, $"area={building}");
        var result = await (await grid.PostAsync("/api/registry/import/people", Csv(good))).Json(HttpStatusCode.OK);
        (result["people"]!.GetValue<int>(), result["households"]!.GetValue<int>()).Should().Be((4, 2), "a blank line is no row");
        (await Total(grid, $"area={building}")).Should().Be(before + 4);
        (await grid.GetStringAsync($"/api/registry/people/export?area={building}")).Should().Contain("'=导入丁", "a cell that would start a formula is escaped");

        var page = await grid.GetAsync("/api/registry/people?q=导入&pageSize=50");
        var text = await page.Content.ReadAsStringAsync();
        text.Should().NotContain(id1).And.NotContain(id2.ToLowerInvariant()).And.NotContain(id2).And.NotContain("13955550001");
        var people = JsonNode.Parse(text)!["items"]!.AsArray();
        var jia = people.Single(p => p!["name"]!.GetValue<string>() == "导入甲")!;
        (jia["idNumber"]!.GetValue<string>(), jia["phone"]!.GetValue<string>(), jia["political"]!.GetValue<string>()).Should()
            .Be((id1[..4] + "**********" + id1[^4..], "139****0001", "PartyMember"));
        jia["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().BeEquivalentTo(["独居老人", "低保"]);
        var bing = people.Single(p => p!["name"]!.GetValue<string>() == "导入丙")!;
        (bing["gender"]!.GetValue<string>(), bing["birthYear"]!.GetValue<int>(), bing["residence"]!.GetValue<string>()).Should().Be(("Female", 1990, "Floating"));
        var household = await (await grid.GetAsync($"/api/registry/households/{jia["householdId"]!.GetValue<string>()}")).Json(HttpStatusCode.OK);
        household["headPersonId"]!.GetValue<string>().Should().Be(jia["id"]!.GetValue<string>());
        household["members"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).Should().BeEquivalentTo(["导入甲", "导入乙"]);
        var history = (await (await grid.GetAsync($"/api/registry/people/{jia["id"]}/history")).Json(HttpStatusCode.OK)).AsArray();
        history.Should().ContainSingle();
        (history[0]!["action"]!.GetValue<string>(), history[0]!["userName"]!.GetValue<string>()).Should().Be(("Create", Accounts.Grid));
        history[0]!["after"]!.GetValue<string>().Should().Contain("导入甲").And.NotContain(id1);
        history[0]!["reason"]!.GetValue<string>().Should().Contain("people.csv");

        // The same file again: every row is registered already, nothing is written twice.
        var again = await (await grid.PostAsync("/api/registry/import/people", Csv(good))).Problem(HttpStatusCode.BadRequest, "import.rejected");
        again["rejectedCount"]!.GetValue<int>().Should().Be(2, "the two rows with ID numbers are registered; the third has none");

        // One file, many faults: each row's reasons, a sheet of them for the uploader only, and nothing written.
        var bad = $"""
            {Header}
            好人,{IdFor(7_000_010)},,,,{building},9-903,是,,,,
            错校验,{IdFor(7_000_011)[..17]}{(IdFor(7_000_011)[17] == '1' ? '2' : '1')},,,,{building},,否,,,,
            ,{IdFor(7_000_012)},,,,{building},,否,,,,
            无楼栋,,,,,320105001001001999,,否,,,,
            别的街道,,,,,{otherStreet},,否,,,,
            重复甲,{IdFor(7_000_013)},,,,{building},,否,,,,
            重复乙,{IdFor(7_000_013)},,,,{building},,否,,,,
            两个户主,,,,,{building},9-903,是,,,,
            坏标签,,,,,{building},,否,,火星人,,不存在
            坏电话,,,,12ab,{building},,否,,,,
            """;
        var totalBefore = await Total(grid, "");
        var problem = await (await grid.PostAsync("/api/registry/import/people", Csv(bad, "bad.csv"))).Problem(HttpStatusCode.BadRequest, "import.rejected");
        problem["rejectedCount"]!.GetValue<int>().Should().Be(8);
        var codes = problem["rejected"]!.AsArray().ToDictionary(r => r!["row"]!.GetValue<int>(), r => r!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList());
        codes.Keys.Should().Equal(2, 3, 4, 5, 7, 8, 9, 10);
        codes[2].Should().Equal("registry.idnumber.checkdigit");
        codes[3].Should().Equal("registry.name");
        codes[4].Should().Equal("registry.area");
        codes[5].Should().Equal("area.scope");
        codes[7].Should().Equal("registry.import.duplicate");
        codes[8].Should().Equal("registry.import.twoheads");
        codes[9].Should().BeEquivalentTo(["registry.residence", "registry.tag"]);
        codes[10].Should().Equal("registry.phone");
        problem["rejected"]![0]!["reasons"]![0]!.GetValue<string>().Should().Contain("校验位");
        (await Total(grid, "")).Should().Be(totalBefore, "a file with a bad row writes nothing");

        var sheetUrl = problem["rejectedFile"]!.GetValue<string>();
        var sheet = await grid.GetAsync(sheetUrl);
        sheet.StatusCode.Should().Be(HttpStatusCode.OK);
        var lines = (await sheet.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("行号," + Header).And.EndWith("错误原因\r");
        lines.Should().HaveCount(9);
        lines[1].Should().StartWith("2,错校验").And.Contain("校验位").And.Contain("**********");
        string.Concat(lines).Should().NotContain(IdFor(7_000_012)).And.NotContain(IdFor(7_000_013), "the sheet masks ID numbers like every other output");
        (await (await app.ClientAsAsync(Accounts.Street)).GetAsync(sheetUrl)).StatusCode.Should().Be(HttpStatusCode.NotFound, "the sheet is the uploader's");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Wrong_files_and_roles_are_refused_and_the_export_is_masked_and_scoped(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var building = (await BuildingsOf(grid, Grid))[0];
        await (await grid.PostAsync("/api/registry/import/people", Csv("名字,身份证\n张三,1\n"))).Problem(HttpStatusCode.BadRequest, "import.headers");
        await (await grid.PostAsync("/api/registry/import/people", Csv(Header + ",多余\n张三,,,,," + building + ",,否,,,,,x\n"))).Problem(HttpStatusCode.BadRequest, "import.headers");
        await (await grid.PostAsync("/api/registry/import/people", Csv(Header + "\n"))).Problem(HttpStatusCode.BadRequest, "import.empty");
        await (await grid.PostAsync("/api/registry/import/people", Csv("x", "people.exe"))).Problem(HttpStatusCode.BadRequest, "import.format");
        await (await grid.PostAsync("/api/registry/import/people", Csv("[]", "people.json"))).Problem(HttpStatusCode.BadRequest, "import.format");
        await (await grid.PostAsync("/api/registry/import/people", Csv(Header + "\n\"unclosed," + new string('x', 20_000) + "\n"))).Problem(HttpStatusCode.BadRequest, "import.unreadable");
        await (await grid.PostAsync("/api/registry/import/people", Csv("not a zip", "people.xlsx"))).Problem(HttpStatusCode.BadRequest, "import.unreadable");
        foreach (var account in new[] { Accounts.Dept, Accounts.Member, Accounts.Resident })
            (await (await app.ClientAsAsync(account)).PostAsync("/api/registry/import/people", Csv(Header + "\n张三,,,,," + building + ",,否,,,,\n")))
                .StatusCode.Should().Be(HttpStatusCode.Forbidden, account);

        // A raw text/csv body works as well as a form.
        var raw = new StringContent($"{Header}\n导出测试,{IdFor(7_100_001)},,,13966660001,{building},,否,,,,\n", Encoding.UTF8, "text/csv");
        (await (await grid.PostAsync("/api/registry/import/people", raw)).Json(HttpStatusCode.OK))["people"]!.GetValue<int>().Should().Be(1);

        var export = await grid.GetAsync($"/api/registry/people/export?area={building}");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var csv = await export.Content.ReadAsStringAsync();
        csv.Should().Contain("导出测试").And.NotContain(IdFor(7_100_001)).And.NotContain("13966660001").And.Contain("139****0001");
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.Should().Be(await Total(grid, $"area={building}") + 1);
        var xlsx = await grid.GetAsync($"/api/registry/people/export?format=xlsx&q=导出测试");
        xlsx.StatusCode.Should().Be(HttpStatusCode.OK);
        using (var stream = await xlsx.Content.ReadAsStreamAsync())
        {
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            rows.Should().ContainSingle();
            rows[0]["手机号（脱敏）"].Should().Be("139****0001");
        }
        var other = await (await app.ClientAsAsync(Accounts.Admin)).GetAsync("/api/registry/people/export?q=导出测试");
        (await other.Content.ReadAsStringAsync()).Should().Contain("导出测试");
        var elsewhere = await app.ClientAsAsync(Accounts.Street);
        (await (await elsewhere.GetAsync("/api/registry/people/export?q=导出测试")).Content.ReadAsStringAsync()).Should().Contain("导出测试", "the street holds the grid");
        (await (await app.ClientAsAsync(Accounts.Dept)).GetAsync("/api/registry/people/export")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Fifty_thousand_rows_are_imported_in_one_go(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var buildings = await BuildingsOf(grid, Grid);
        var sb = new StringBuilder(Header).Append('\n');
        const int rows = 50_000;
        var households = new HashSet<(string, string)>();
        for (var i = 0; i < rows; i++)
        {
            var building = buildings[i % buildings.Count];
            var room = $"{i / buildings.Count / 3 + 1000}";
            households.Add((building, room));
            sb.Append("批量").Append(i).Append(',').Append(IdFor(i)).Append(",,,139").Append((10_000_000 + i).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(building).Append(',').Append(room).Append(',').Append(i / buildings.Count % 3 == 0 ? "是" : "否").Append(",,户籍,群众,\n");
        }
        var before = await Total(grid, "");
        var result = await (await grid.PostAsync("/api/registry/import/people", Csv(sb.ToString(), "50000.csv"))).Json(HttpStatusCode.OK);
        result["people"]!.GetValue<int>().Should().Be(rows);
        result["households"]!.GetValue<int>().Should().Be(households.Count);
        (await Total(grid, "")).Should().Be(before + rows);
        (await Total(grid, "q=批量49999")).Should().Be(1);
        (await Total(grid, $"idLast4={IdFor(12345)[^4..]}&q=批量12345")).Should().Be(1);
    }
}

/// <summary>Bulk import of the smaller registers: households, organisations, places — each row saved as the API saves it, all or nothing.</summary>
public sealed class RegistrySmallImportTests
{
    const string Grid = CasesApiTests.Grid;

    static async Task<(double Lng, double Lat)> CentreOf(HttpClient client, string grid)
    {
        var area = await (await client.GetAsync($"/api/areas/{grid}")).Json(HttpStatusCode.OK);
        return (area["lng"]!.GetValue<double>(), area["lat"]!.GetValue<double>());
    }

    static async Task<int> Total(HttpClient client, string path) => (await (await client.GetAsync(path)).Json(HttpStatusCode.OK))["total"]!.GetValue<int>();

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Organisations_places_and_households_are_imported_whole_or_not_at_all(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var (lng, lat) = await CentreOf(grid, Grid);
        var building = (await (await grid.GetAsync($"/api/areas/{Grid}/children")).Json(HttpStatusCode.OK)).AsArray()
            .Select(c => c!["code"]!.GetValue<string>()).First(c => c.Length == 18);
        var p = CultureInfo.InvariantCulture;

        (await (await grid.GetAsync("/api/registry/import/organisations/template")).Content.ReadAsStringAsync()).Should().StartWith("名称,类别,区域编码");
        (await grid.GetAsync("/api/registry/import/places/template?format=xlsx")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Organisations: one bad row (unknown kind) among good ones → nothing; fixed → all, phones masked.
        var orgsBefore = await Total(grid, "/api/registry/organisations");
        string Orgs(string kind) => $"""
            名称,类别,区域编码,经度,纬度,统一社会信用代码,地址,联系人,联系电话,从业人数,党员人数,是否建立党组织
            导入测试物业,物业公司,{Grid},,,,凤栖苑 1 号,李经理,13977770001,25,3,否
            导入测试科技,{kind},,{lng.ToString(p)},{lat.ToString(p)},,,王总,13977770002,12,4,否
            """;
        var bad = await (await grid.PostAsync("/api/registry/import/organisations", Http.File("file", Orgs("外星组织"), "orgs.csv"))).Problem(HttpStatusCode.BadRequest, "import.rejected");
        bad["rejected"]!.AsArray().Should().ContainSingle().Which!["row"]!.GetValue<int>().Should().Be(2);
        bad["rejected"]![0]!["codes"]![0]!.GetValue<string>().Should().Be("registry.organisation.kind");
        (await Total(grid, "/api/registry/organisations")).Should().Be(orgsBefore, "a file with a bad row writes nothing");
        // The rejected rows as a sheet, as for people: the row number, the original columns (the phone masked), the reasons.
        var orgSheet = await grid.GetAsync(bad["rejectedFile"]!.GetValue<string>());
        orgSheet.StatusCode.Should().Be(HttpStatusCode.OK);
        var orgLines = (await orgSheet.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        orgLines.Should().HaveCount(2);
        orgLines[0].Should().StartWith("行号,名称,类别").And.EndWith("错误原因\r");
        orgLines[1].Should().StartWith("2,导入测试科技,外星组织").And.Contain("139****0002").And.NotContain("13977770002");
        (await (await app.ClientAsAsync(Accounts.Street)).GetAsync(bad["rejectedFile"]!.GetValue<string>())).StatusCode.Should().Be(HttpStatusCode.NotFound, "the sheet is the uploader's");
        (await (await grid.PostAsync("/api/registry/import/organisations", Http.File("file", Orgs("两新组织"), "orgs.csv"))).Json(HttpStatusCode.OK))["created"]!.GetValue<int>().Should().Be(2);
        var orgs = await grid.GetAsync("/api/registry/organisations?q=导入测试");
        var text = await orgs.Content.ReadAsStringAsync();
        text.Should().NotContain("13977770001").And.Contain("139****0001");
        JsonNode.Parse(text)!["items"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "导入测试科技")!["partyGap"]!.GetValue<bool>().Should().BeTrue();

        // Places: located to the grid; a point outside every grid rejects the file.
        var placesBefore = await Total(grid, "/api/registry/places");
        string Places(double x) => $"""
            类型,名称,经度,纬度,部件编码,大类,小类,楼栋编码,地址,状态,视频点位编号
            城市部件,导入井盖甲,{lng.ToString(p)},{lat.ToString(p)},,01,02,,南门,完好,
            视频点位,导入监控乙,{x.ToString(p)},{lat.ToString(p)},,06,01,,东门,,3201050000132
            """;
        var outside = await (await grid.PostAsync("/api/registry/import/places", Http.File("file", Places(100.0), "places.csv"))).Problem(HttpStatusCode.BadRequest, "import.rejected");
        outside["rejected"]![0]!["codes"]![0]!.GetValue<string>().Should().Be("registry.point.outside");
        (await Total(grid, "/api/registry/places")).Should().Be(placesBefore);
        (await (await grid.PostAsync("/api/registry/import/places", Http.File("file", Places(lng + 0.0001), "places.csv"))).Json(HttpStatusCode.OK))["created"]!.GetValue<int>().Should().Be(2);
        var placed = (await (await grid.GetAsync("/api/registry/places?q=导入")).Json(HttpStatusCode.OK))["items"]!.AsArray();
        placed.Select(x => x!["areaCode"]!.GetValue<string>()).Should().AllSatisfy(a => a.Should().StartWith(Grid));
        placed.Select(x => x!["code"]!.GetValue<string>()).Should().AllSatisfy(c => c.Should().HaveLength(16).And.StartWith("320105"));

        // Households: the same room twice in one file is the second row's fault; nothing is written.
        var twice = await (await grid.PostAsync("/api/registry/import/households", Http.File("file", $"楼栋编码,房号\n{building},7-701\n{building},7-701\n", "h.csv")))
            .Problem(HttpStatusCode.BadRequest, "import.rejected");
        twice["rejected"]![0]!["row"]!.GetValue<int>().Should().Be(2);
        (await (await grid.GetAsync($"/api/registry/households?building={building}")).Json(HttpStatusCode.OK)).AsArray()
            .Should().NotContain(h => h!["room"]!.GetValue<string>() == "7-701");
        (await (await grid.PostAsync("/api/registry/import/households", Http.File("file", $"楼栋编码,房号\n{building},7-701\n{building},7-702\n", "h.csv"))).Json(HttpStatusCode.OK))
            ["created"]!.GetValue<int>().Should().Be(2);

        // Another street's building, wrong headers, and roles without the registry.
        var other = await (await app.ClientAsAsync(Accounts.Admin)).GetAsync("/api/areas/320105002001001/children");
        var far = (await other.Json(HttpStatusCode.OK)).AsArray().Select(c => c!["code"]!.GetValue<string>()).First(c => c.Length == 18);
        (await (await grid.PostAsync("/api/registry/import/households", Http.File("file", $"楼栋编码,房号\n{far},1-101\n", "h.csv"))).Problem(HttpStatusCode.BadRequest, "import.rejected"))
            ["rejected"]![0]!["codes"]![0]!.GetValue<string>().Should().Be("area.scope");
        await (await grid.PostAsync("/api/registry/import/places", Http.File("file", "名称\n井盖\n", "p.csv"))).Problem(HttpStatusCode.BadRequest, "import.headers");
        (await (await app.ClientAsAsync(Accounts.Dept)).PostAsync("/api/registry/import/organisations", Http.File("file", Orgs("企业"), "orgs.csv")))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
