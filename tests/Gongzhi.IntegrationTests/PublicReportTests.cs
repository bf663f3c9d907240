using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Gongzhi.IntegrationTests;

public sealed partial class PublicReportTests
{
    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    /// <summary>The page as a person reads it (Blazor writes non-ASCII text as character references).</summary>
    static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, params (string, string)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var token = Antiforgery().Match(html).Groups[1].Value;
        return await client.PostAsync(action, new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)), KeyValuePair.Create("__RequestVerificationToken", token)]));
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_resident_reports_without_an_account_follows_the_case_and_rates_it(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var resident = app.CreateClient();
        var (lat, lng) = await CasesApiTests.CentreOf(await app.ClientAsAsync(Accounts.Admin), "320105001001001");
        string S(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var bad = await PostFormAsync(resident, "/report", "/report", ("category", "baolu-laji"), ("description", "脏"));
        (await TextAsync(bad)).Should().Contain("请用至少 4 个字描述问题");
        var nowhere = await PostFormAsync(resident, "/report", "/report", ("category", "baolu-laji"), ("description", "垃圾堆了好几天"));
        (await TextAsync(nowhere)).Should().Contain("请填写地址或使用定位");

        var filed = await PostFormAsync(resident, "/report", "/report", ("category", "baolu-laji"), ("description", "单元门口垃圾堆了好几天"),
            ("lat", S(lat)), ("lng", S(lng)), ("phone", "13700001234"));
        filed.StatusCode.Should().Be(HttpStatusCode.OK);
        var query = System.Web.HttpUtility.ParseQueryString(filed.RequestMessage!.RequestUri!.Query);
        var (number, code) = (query["number"]!, query["code"]!);
        (await TextAsync(filed)).Should().Contain(number).And.Contain("待立案");
        WebUtility.HtmlDecode(await resident.GetStringAsync($"/track?number={number}&code=wrong")).Should().NotContain("待立案");

        // Staff take it round the loop; the grid worker sees it in their grid.
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var id = (await (await grid.GetAsync($"/api/cases?q={number}")).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        (await (await grid.GetAsync($"/api/cases/{id}")).Json(HttpStatusCode.OK))["reporterPhone"]!.GetValue<string>().Should().Be("137****1234");
        var street = await app.ClientAsAsync(Accounts.Street);
        var dept = await app.ClientAsAsync(Accounts.Dept);
        foreach (var (client, action) in new[] { (street, "accept"), (street, "dispatch"), (dept, "check-in"), (dept, "handle"), (grid, "verify") })
            (await client.PostAsJsonAsync($"/api/cases/{id}/{action}", new { note = "办理" })).StatusCode.Should().Be(HttpStatusCode.OK, action);

        var rated = await PostFormAsync(resident, $"/track?number={number}&code={code}", "/track/rate", ("number", number), ("code", code), ("rating", "4"), ("comment", "谢谢"));
        (await TextAsync(rated)).Should().Contain("已评价");
        (await (await grid.GetAsync($"/api/cases/{id}")).Json(HttpStatusCode.OK))["rating"]!.GetValue<int>().Should().Be(4);
    }
}
