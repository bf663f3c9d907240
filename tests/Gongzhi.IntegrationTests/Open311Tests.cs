using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Gongzhi.IntegrationTests;

/// <summary>Open311 GeoReport v2 as the published specification has it.</summary>
public sealed class Open311Tests
{
    const string V2 = "/open311/v2";

    static async Task<string> ApiKeyAsync(GongzhiApp app)
    {
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "app311@gongzhi.local", displayName = "Open311 应用", password = "Open311@2026x" })).Json(HttpStatusCode.Created);
        var id = user["id"]!.GetValue<string>();
        (await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "CommunityWorker", areaCode = "320105" })).StatusCode.Should().Be(HttpStatusCode.OK);
        return (await (await admin.PostAsJsonAsync($"/api/admin/users/{id}/tokens", new { name = "open311" })).Json(HttpStatusCode.OK))["token"]!.GetValue<string>();
    }

    static FormUrlEncodedContent Form(params (string, string)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));

    static async Task<JsonArray> Error(HttpResponseMessage response, HttpStatusCode status)
    {
        var errors = (await response.Json(status)).AsArray();
        errors.Should().ContainSingle();
        errors[0]!["code"]!.GetValue<int>().Should().Be((int)status);
        errors[0]!["description"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        return errors;
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Discovery_and_services_in_json_and_xml(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var client = app.CreateClient();
        var discovery = await (await client.GetAsync($"{V2}/discovery.json")).Json(HttpStatusCode.OK);
        discovery["endpoints"]![0]!["specification"]!.GetValue<string>().Should().Be("http://wiki.open311.org/GeoReport_v2");

        var services = (await (await client.GetAsync($"{V2}/services.json")).Json(HttpStatusCode.OK)).AsArray();
        services.Should().HaveCount(22);
        services[0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]);
        services.Should().Contain(s => s!["service_code"]!.GetValue<string>() == "baolu-laji" && s["service_name"]!.GetValue<string>() == "暴露垃圾");

        var xml = await client.GetAsync($"{V2}/services.xml");
        xml.Content.Headers.ContentType!.MediaType.Should().Be("text/xml");
        var doc = XDocument.Parse(await xml.Content.ReadAsStringAsync());
        doc.Root!.Name.LocalName.Should().Be("services");
        doc.Root.Elements("service").Should().HaveCount(22);

        (await (await client.GetAsync($"{V2}/services/baolu-laji.json")).Json(HttpStatusCode.OK))["service_code"]!.GetValue<string>().Should().Be("baolu-laji");
        await Error(await client.GetAsync($"{V2}/services/no-such.json"), HttpStatusCode.NotFound);
        var xmlError = XDocument.Parse(await (await client.GetAsync($"{V2}/services/no-such.xml")).Content.ReadAsStringAsync());
        xmlError.Root!.Name.LocalName.Should().Be("errors");
        xmlError.Root.Element("error")!.Element("code")!.Value.Should().Be("404");
        (await client.GetAsync($"{V2}/services.yaml")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_request_goes_in_is_found_and_closes(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var key = await ApiKeyAsync(app);
        var client = app.CreateClient();
        var (lat, lng) = await CasesApiTests.CentreOf(await app.ClientAsAsync(Accounts.Admin), "320105002003004");
        string L(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await Error(await client.PostAsync($"{V2}/requests.json", Form(("service_code", "baolu-laji"), ("lat", L(lat)), ("long", L(lng)))), HttpStatusCode.Forbidden);
        await Error(await client.PostAsync($"{V2}/requests.json", Form(("api_key", "gz_nonsense"), ("service_code", "baolu-laji"), ("lat", L(lat)), ("long", L(lng)))), HttpStatusCode.Forbidden);
        await Error(await client.PostAsync($"{V2}/requests.json", Form(("api_key", key), ("service_code", "no-such"), ("lat", L(lat)), ("long", L(lng)))), HttpStatusCode.BadRequest);
        await Error(await client.PostAsync($"{V2}/requests.json", Form(("api_key", key), ("service_code", "baolu-laji"), ("lat", "95"), ("long", L(lng)))), HttpStatusCode.BadRequest);
        await Error(await client.PostAsync($"{V2}/requests.json", Form(("api_key", key), ("service_code", "baolu-laji"))), HttpStatusCode.BadRequest);
        await Error(await client.PostAsJsonAsync($"{V2}/requests.json", new { api_key = key }), HttpStatusCode.BadRequest);

        var created = (await (await client.PostAsync($"{V2}/requests.json", Form(("api_key", key), ("service_code", "baolu-laji"),
            ("lat", L(lat)), ("long", L(lng)), ("description", "路边垃圾无人清运"), ("first_name", "张"), ("phone", "13800001111")))).Json(HttpStatusCode.OK)).AsArray();
        var number = created[0]!["service_request_id"]!.GetValue<string>();
        var token = created[0]!["token"]!.GetValue<string>();

        var one = (await (await client.GetAsync($"{V2}/requests/{number}.json")).Json(HttpStatusCode.OK)).AsArray().Single()!.AsObject();
        one.Select(p => p.Key).Should().BeEquivalentTo(["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
            "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]);
        one["status"]!.GetValue<string>().Should().Be("open");
        one["expected_datetime"].Should().BeNull("present, and null");
        one["requested_datetime"]!.GetValue<string>().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$");
        one.ToJsonString().Should().NotContain("13800001111").And.NotContain("张");
        (await (await client.GetAsync($"{V2}/tokens/{token}.json")).Json(HttpStatusCode.OK))[0]!["service_request_id"]!.GetValue<string>().Should().Be(number);
        var xml = XDocument.Parse(await (await client.GetAsync($"{V2}/requests/{number}.xml")).Content.ReadAsStringAsync());
        xml.Root!.Element("request")!.Element("service_request_id")!.Value.Should().Be(number);

        (await (await client.GetAsync($"{V2}/requests.json?status=open&service_code=baolu-laji")).Json(HttpStatusCode.OK)).AsArray()
            .Select(r => r!["service_request_id"]!.GetValue<string>()).Should().Contain(number);
        await Error(await client.GetAsync($"{V2}/requests.json?status=maybe"), HttpStatusCode.BadRequest);
        await Error(await client.GetAsync($"{V2}/requests.json?start_date=yesterday"), HttpStatusCode.BadRequest);
        await Error(await client.GetAsync($"{V2}/requests/NOPE.json"), HttpStatusCode.NotFound);

        // The case runs the loop; Open311 then reports it closed.
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var caseId = (await (await admin.GetAsync($"/api/cases?q={number}")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        (await admin.PostAsJsonAsync($"/api/cases/{caseId}/reject", new { note = "测试关闭" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var closed = (await (await client.GetAsync($"{V2}/requests.json?status=closed")).Json(HttpStatusCode.OK)).AsArray();
        closed.Single(r => r!["service_request_id"]!.GetValue<string>() == number)!["status"]!.GetValue<string>().Should().Be("closed");
    }
}
