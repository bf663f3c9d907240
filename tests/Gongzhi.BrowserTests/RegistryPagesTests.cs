using Gongzhi.Web.Platform.Data;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

public sealed class RegistryPagesTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    static string Shot(string name) => Path.Combine(BrowserApp.Screenshots, name + ".png");

    async Task<IPage> SignedInAsync(string email)
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync(email, DemoSeeding.DemoPassword);
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync(email);
        return page;
    }

    [Fact]
    public async Task A_grid_worker_lists_organisations_masked_and_adds_one_in_the_dialog()
    {
        var page = await SignedInAsync("grid@gongzhi.local");
        await page.OpenInteractiveAsync("/registry/organisations");
        await Assertions.Expect(page.GetByText("组织机构（联系电话已脱敏）")).ToBeVisibleAsync();
        var phones = page.GetByTestId("org-phone");
        await Assertions.Expect(phones.First).ToBeVisibleAsync();
        foreach (var phone in await phones.AllInnerTextsAsync())
            phone.Should().MatchRegex(@"\d{3}\*{4}\d{4}", "lists show phones masked").And.NotMatchRegex(@"\d{11}");
        await page.ScreenshotAsync(new() { Path = Shot("organisations-zh"), FullPage = true });

        await page.GetByTestId("orgs-new").ClickAsync();
        await page.GetByTestId("org-name").FillAsync("凤栖苑测试书店");
        await page.GetByTestId("org-contact-phone").FillAsync("13912340000");
        await page.GetByTestId("org-contact-phone").BlurAsync();
        await page.GetByTestId("org-save").ClickAsync();
        await Assertions.Expect(page.GetByText("已保存")).ToBeVisibleAsync();
        await page.GetByTestId("orgs-q").FillAsync("测试书店");
        await page.GetByTestId("orgs-q").BlurAsync();
        await page.GetByTestId("orgs-search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("orgs").Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(phones.First).ToContainTextAsync("139****0000");
    }

    [Fact]
    public async Task A_grid_worker_lists_places_and_adds_one_with_its_code()
    {
        var page = await SignedInAsync("grid@gongzhi.local");
        await page.OpenInteractiveAsync("/registry/places");
        await Assertions.Expect(page.GetByText("部件与场所（公共设施、城市部件、视频点位）")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("place-row-code").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{16}$"));
        await page.ScreenshotAsync(new() { Path = Shot("places-zh"), FullPage = true });

        await page.GetByTestId("places-new").ClickAsync();
        await page.GetByTestId("place-name").FillAsync("测试井盖");
        await page.GetByTestId("place-code").FillAsync("3201050199000001");
        await page.GetByTestId("place-code").BlurAsync();
        await page.GetByTestId("place-save").ClickAsync();
        await Assertions.Expect(page.GetByText("已保存")).ToBeVisibleAsync();
        await page.GetByTestId("places-q").FillAsync("测试井盖");
        await page.GetByTestId("places-q").BlurAsync();
        await page.GetByTestId("places-search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("place-row-code")).ToHaveTextAsync(["3201050199000001"]);

        // The map layer: the places of the worker's scope as points over the grids; a point opens its place.
        await page.GetByTestId("places-q").FillAsync("");
        await page.GetByTestId("places-map-toggle").ClickAsync();
        var points = page.Locator("[data-testid=places-map] path[data-id]");
        await Assertions.Expect(points.First).ToBeAttachedAsync();
        (await points.CountAsync()).Should().BeGreaterThan(1, "the demo places of the grid and the new one");
        await page.ScreenshotAsync(new() { Path = Shot("places-map-zh"), FullPage = true });
        await points.First.DispatchEventAsync("click");
        await Assertions.Expect(page.GetByTestId("place-name")).ToBeVisibleAsync();
        (await page.GetByTestId("place-name").InputValueAsync()).Should().NotBeNullOrEmpty();
    }
}
