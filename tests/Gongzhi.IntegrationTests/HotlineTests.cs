using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Gongzhi.IntegrationTests;

public sealed class HotlineTests
{
    static MultipartFormDataContent Batch(object rows) =>
        Http.File("file", JsonSerializer.Serialize(rows, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "batch.json");

    static object Row(string id, string time = "2026-11-20 09:30:00", string type = "暴露垃圾", double? lat = null, double? lng = null, string text = "小区门口垃圾无人清理") => new Dictionary<string, object?>
    {
        ["工单编号"] = id, ["来电时间"] = time, ["诉求内容"] = text, ["地址"] = "江东中路 1 号", ["经度"] = lng, ["纬度"] = lat,
        ["诉求类型"] = type, ["联系人"] = "王女士", ["联系电话"] = "13912345678",
    };

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Batches_are_all_or_nothing_idempotent_and_their_results_go_back(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var (lat, lng) = await CasesApiTests.CentreOf(admin, "320105002003004");
        object[] batch = [Row("GD20261120001", lat: lat, lng: lng), Row("GD20261120002", type: "宠物扰民", lat: lat, lng: lng), Row("GD20261120003")];

        var first = await (await admin.PostAsync("/api/cases/hotline/import", Batch(batch))).Json(HttpStatusCode.OK);
        (first["created"]!.GetValue<int>(), first["unchanged"]!.GetValue<int>(), first["triage"]!.GetValue<int>()).Should().Be((3, 0, 2));
        var again = await (await admin.PostAsync("/api/cases/hotline/import", Batch(batch))).Json(HttpStatusCode.OK);
        (again["created"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()).Should().Be((0, 3), "re-importing changes nothing");

        var bad = await (await admin.PostAsync("/api/cases/hotline/import", Batch(new[] { Row("GD20261120004"), Row("GD20261120005", time: "昨天"), Row("GD20261120006", lat: 95, lng: 118), Row("GD20261120006") })))
            .Problem(HttpStatusCode.BadRequest, "import.rejected");
        bad["rejected"]!.AsArray().Select(r => (r!["row"]!.GetValue<int>(), r["codes"]![0]!.GetValue<string>()))
            .Should().Equal((2, "hotline.time"), (3, "import.duplicate"), (4, "import.duplicate"));
        (await (await admin.GetAsync("/api/cases/hotline/export?format=json")).Json(HttpStatusCode.OK)).AsArray()
            .Select(r => r!["工单编号"]!.GetValue<string>()).Should().Equal("GD20261120001", "GD20261120002", "GD20261120003");

        // The located, known one is in its grid; the unknown type waits in triage and needs a department before dispatch.
        var cases = (await (await admin.GetAsync("/api/cases?pageSize=200")).Json(HttpStatusCode.OK))["items"]!.AsArray()
            .Where(c => c!["channel"]!.GetValue<string>() == "Hotline12345").ToList();
        cases.Single(c => c!["categoryName"]!.GetValue<string>() == "暴露垃圾" && !c["inTriage"]!.GetValue<bool>())!["areaCode"]!.GetValue<string>().Should().Be("320105002003004");
        var unknown = cases.Single(c => c!["categoryName"]!.GetValue<string>().StartsWith("未分类"))!["id"]!.GetValue<string>();
        (await admin.PostAsJsonAsync($"/api/cases/{unknown}/accept", new { gridCode = "320105002003004" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/api/cases/{unknown}/dispatch", new { })).Problem(HttpStatusCode.UnprocessableEntity, "case.department");
        (await admin.PostAsJsonAsync($"/api/cases/{unknown}/dispatch", new { department = "城管局" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var rejectedId = cases.Single(c => c!["inTriage"]!.GetValue<bool>() && !c["categoryName"]!.GetValue<string>().StartsWith("未分类"))!["id"]!.GetValue<string>();
        (await admin.PostAsJsonAsync($"/api/cases/{rejectedId}/reject", new { note = "非本区事项，已退回 12345" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var export = (await (await admin.GetAsync("/api/cases/hotline/export?format=json")).Json(HttpStatusCode.OK)).AsArray();
        var back = export.Single(r => r!["办理状态"]!.GetValue<string>() == "不予受理")!;
        back["办理结果"]!.GetValue<string>().Should().Be("非本区事项，已退回 12345");
        var xlsx = await admin.GetAsync("/api/cases/hotline/export");
        (await xlsx.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal((byte)'P', (byte)'K');

        // The detail masks the caller's phone number.
        (await (await admin.GetAsync($"/api/cases/{rejectedId}")).Json(HttpStatusCode.OK))["reporterPhone"]!.GetValue<string>().Should().Be("139****5678");
        await (await admin.PostAsync("/api/cases/hotline/import", Http.File("file", "a,b\n1,2\n", "x.csv"))).Problem(HttpStatusCode.BadRequest, "import.headers");
    }
}
