using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Data;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

/// <summary>RG-4 on a phone: the grid worker collects a household door to door on a 375 × 812 screen.</summary>
public sealed class RegistryCollectTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    static string Shot(string name) => Path.Combine(BrowserApp.Screenshots, name + ".png");

    static string IdOf(string first17) => first17 + IdNumber.CheckCharacter(first17);
    static readonly string Id1 = IdOf("32010519570812003"), Id2 = IdOf("32010520150603004");
    const string Phone1 = "13912345670", Phone2 = "84201234";

    static async Task NoHorizontalScrollAsync(IPage page, string where) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth")).Should().BeLessThanOrEqualTo(0, where + " fits 375 px");

    static async Task NothingInFullAsync(IPage page)
    {
        var html = await page.ContentAsync();
        foreach (var secret in new[] { Id1, Id2, Phone1, Phone2 }) html.Should().NotContain(secret);
    }

    async Task AddPersonAsync(IPage page, string name, string id, string phone, string? tag = null)
    {
        await page.GetByTestId("add-person").ClickAsync();
        await page.GetByTestId("form-name").FillAsync(name);
        await page.GetByTestId("form-id").FillAsync(id);
        await page.GetByTestId("form-phone").FillAsync(phone);
        if (tag is not null) await page.GetByTestId("tag-" + tag).ClickAsync();
        await page.GetByTestId("form-save").ClickAsync();
    }

    [Fact]
    public async Task A_grid_worker_on_a_phone_finds_a_building_adds_a_household_of_two_and_sees_them_masked()
    {
        var page = await app.NewPageAsync(375, 812);
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync("grid@gongzhi.local", DemoSeeding.DemoPassword);
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("grid@gongzhi.local");
        await page.OpenInteractiveAsync("/registry/collect");

        // The buildings of the worker's grid, with the demo households; the search narrows them.
        var buildings = page.GetByTestId("building");
        await Assertions.Expect(buildings.First).ToBeVisibleAsync();
        (await buildings.CountAsync()).Should().BeGreaterThan(1);
        await NoHorizontalScrollAsync(page, "the building list");
        await page.ScreenshotAsync(new() { Path = Shot("collect-buildings-phone-zh"), FullPage = true });
        await page.GetByTestId("building-q").FillAsync("1-2栋");
        await Assertions.Expect(buildings).ToHaveCountAsync(1);
        await Assertions.Expect(buildings.First).ToContainTextAsync("2 户");
        await buildings.First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("building-name")).ToHaveTextAsync("1-2栋");
        await Assertions.Expect(page.GetByTestId("household")).ToHaveCountAsync(2);
        // Locate on the map: the building's grid with the building as a blue point.
        await page.GetByTestId("building-locate").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=building-map] path[data-point=Building]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=building-map] path[data-code]")).ToHaveCountAsync(1); // its grid
        await NoHorizontalScrollAsync(page, "the building map");
        await page.ScreenshotAsync(new() { Path = Shot("collect-building-map-phone-zh"), FullPage = true });
        await page.GetByTestId("building-locate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("building-map")).ToHaveCountAsync(0);

        // A new household (room) …
        await page.GetByTestId("new-room").FillAsync("8-808");
        await page.GetByTestId("add-household").ClickAsync();
        await Assertions.Expect(page.GetByTestId("room-title")).ToContainTextAsync("8-808");
        await Assertions.Expect(page.GetByTestId("member")).ToHaveCountAsync(0);

        // … with two people; a mistyped ID number is refused with a readable message and nothing is saved.
        await AddPersonAsync(page, "欧阳秀兰", Id1[..17] + (Id1[17] == '0' ? '1' : '0'), Phone1, "独居老人");
        await Assertions.Expect(page.GetByTestId("form-error")).ToContainTextAsync("校验位");
        await NoHorizontalScrollAsync(page, "the person form");
        await page.ScreenshotAsync(new() { Path = Shot("collect-form-error-phone-zh"), FullPage = true });
        await page.GetByTestId("form-id").FillAsync(Id1);
        await page.GetByTestId("form-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("member")).ToHaveCountAsync(1);
        await AddPersonAsync(page, "欧阳小雨", Id2, Phone2, "留守儿童");
        await Assertions.Expect(page.GetByTestId("member")).ToHaveCountAsync(2);

        // Masked in the list: ID numbers 4 + 10 stars + 4, the mobile 3 + 4 + 4, the landline only its last 4.
        var ids = await page.GetByTestId("member-id").AllInnerTextsAsync();
        ids.Should().HaveCount(2).And.OnlyContain(id => System.Text.RegularExpressions.Regex.IsMatch(id, @"^\d{4}\*{10}[\dX]{4}$"));
        (await page.GetByTestId("member-phone").AllInnerTextsAsync()).Should().BeEquivalentTo(["139****5670", "****1234"]);
        await Assertions.Expect(page.GetByTestId("members")).ToContainTextAsync("独居老人");
        await NoHorizontalScrollAsync(page, "the household");
        await NothingInFullAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("collect-household-phone-zh"), FullPage = true });

        // Correcting a record: the ID number and phone left empty are kept; the change is in the record's history.
        await page.GetByTestId("member").Filter(new() { HasText = "欧阳小雨" }).ClickAsync();
        await page.GetByTestId("edit-person").ClickAsync();
        await Assertions.Expect(page.GetByTestId("form-id")).ToHaveValueAsync("");
        await page.GetByTestId("form-name").FillAsync("欧阳晓雨");
        await page.GetByTestId("form-save").ClickAsync();
        var person = page.GetByTestId("person");
        await Assertions.Expect(person).ToContainTextAsync("欧阳晓雨");
        await Assertions.Expect(person).ToContainTextAsync("****1234");
        await Assertions.Expect(person).ToContainTextAsync("**********");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("修改");
        await Assertions.Expect(page.GetByTestId("history")).ToContainTextAsync("欧阳晓雨");
        await NoHorizontalScrollAsync(page, "a person's record and history");
        await NothingInFullAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("collect-person-phone-zh"), FullPage = true });

        // Back in the building, the new household counts two members.
        await page.GetByTestId("back").ClickAsync();
        await page.GetByTestId("back").ClickAsync();
        await Assertions.Expect(page.GetByTestId("household").Filter(new() { HasText = "8-808" })).ToContainTextAsync("2 人");
        await NothingInFullAsync(page);

        // In English too, a refused change reads as a sentence next to the form.
        await page.GetByTestId("switch-language").ClickAsync();
        await Assertions.Expect(page.GetByTestId("switch-language")).ToHaveTextAsync("中文");
        await page.OpenInteractiveAsync("/registry/collect");
        await page.GetByTestId("building-q").FillAsync("1-2栋");
        await Assertions.Expect(page.GetByTestId("building")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("building")).ToContainTextAsync("3 households");
        await page.GetByTestId("building").ClickAsync();
        await page.GetByTestId("new-room").FillAsync("8-808");
        await page.GetByTestId("add-household").ClickAsync();
        await Assertions.Expect(page.GetByTestId("room-error")).ToHaveTextAsync("Room 8-808 is already a household.");
        await Assertions.Expect(page.GetByTestId("household")).ToHaveCountAsync(3);
        await NoHorizontalScrollAsync(page, "the building in English");
    }

    [Fact]
    public async Task The_staff_page_edits_a_person_and_merges_likely_duplicates_after_confirming()
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync("secretary@gongzhi.local", DemoSeeding.DemoPassword);
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("secretary@gongzhi.local");
        await page.OpenInteractiveAsync("/registry/people");

        // Edit: the first person gets a tag; ID number and phone, left empty, stay.
        await page.GetByTestId("people").Locator("tbody tr").First.ClickAsync();
        var person = page.GetByTestId("person");
        var masked = await page.GetByTestId("person-id").First.InnerTextAsync();
        await page.GetByTestId("edit-person").ClickAsync();
        await page.GetByTestId("form-name").FillAsync("复核甲");
        await page.GetByTestId("form-save").ClickAsync();
        await Assertions.Expect(person).ToContainTextAsync("复核甲");
        await Assertions.Expect(person).ToContainTextAsync(masked);

        // The same person entered twice without an ID number (same name, birth date and building), through the API.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var signIn = await http.PostAsJsonAsync("/api/auth/login", new { email = "grid@gongzhi.local", password = DemoSeeding.DemoPassword });
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await signIn.Content.ReadFromJsonAsync<JsonNode>())!["accessToken"]!.GetValue<string>());
        var building = (await http.GetFromJsonAsync<JsonNode>("/api/areas/320105001001001/children"))!.AsArray()
            .Select(c => c!["code"]!.GetValue<string>()).First(c => c.Length == 18);
        foreach (var (name, phone) in new[] { ("上官复核", "13700001111"), ("上官 复核", (string?)null) })
            (await http.PostAsJsonAsync("/api/registry/people", new { name, areaCode = building, birthDate = "1961-05-06", phone, tags = new[] { "低保" } }))
                .EnsureSuccessStatusCode();

        await page.GetByRole(AriaRole.Tab, new() { Name = "疑似重复" }).ClickAsync();
        var group = page.GetByTestId("dup-group").Filter(new() { HasText = "上官复核" });
        await Assertions.Expect(group).ToBeVisibleAsync();
        await Assertions.Expect(group).ToContainTextAsync("137****1111");
        await page.ScreenshotAsync(new() { Path = Shot("people-duplicates-zh"), FullPage = true });
        await group.GetByTestId("dup-merge").ClickAsync();
        await Assertions.Expect(page.GetByTestId("merge-confirm")).ToContainTextAsync("上官复核");
        await page.GetByTestId("merge-reason").FillAsync("入户核实为同一人");
        await page.GetByTestId("merge-submit").ClickAsync();
        await Assertions.Expect(page.GetByText("已合并。").Last).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("dup-group").Filter(new() { HasText = "上官复核" })).ToHaveCountAsync(0);
        var left = (await http.GetFromJsonAsync<JsonNode>("/api/registry/people?q=复核"))!["items"]!.AsArray();
        left.Should().ContainSingle(p => p!["name"]!.GetValue<string>().StartsWith("上官"), "one of the two records is left");
    }
}
