using Gongzhi.Web.Platform.Data;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

public sealed class StreetStaffMapTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_street_worker_signs_in_in_chinese_sees_the_grids_of_a_community_and_switches_to_english()
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await Assertions.Expect(login.Heading).ToHaveTextAsync("登录");

        await login.SignInAsync("street@gongzhi.local", "wrong-password");
        await Assertions.Expect(login.Error).ToContainTextAsync("邮箱或密码不正确");
        await login.SignInAsync("street@gongzhi.local", DemoSeeding.DemoPassword);
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("street@gongzhi.local");

        var map = new MapPage(page);
        await map.OpenAsync();
        await Assertions.Expect(page.GetByText("网格地图").First).ToBeVisibleAsync();
        // The street's own communities only: 莫愁湖街道 has 13; nothing of 沙洲街道 is offered.
        await Assertions.Expect(page.GetByTestId("communities").GetByRole(AriaRole.Button)).ToHaveCountAsync(13);
        await Assertions.Expect(page.GetByText("沙洲街道")).ToHaveCountAsync(0);
        await map.WaitForGridsAsync(13 * 12);

        await map.Community("凤栖苑社区").ClickAsync();
        await map.WaitForGridsAsync(12);
        await Assertions.Expect(page.Locator("path[data-code]")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator(".gz-grid-label", new() { HasTextString = "第5网格" })).ToBeVisibleAsync();

        await map.Grid("320105001001005").ClickAsync();
        await Assertions.Expect(map.GridDetails).ToContainTextAsync("凤栖苑社区第5网格");
        await Assertions.Expect(map.GridDetails).ToContainTextAsync("320105001001005");
        await Assertions.Expect(map.GridDetails).ToContainTextAsync("网格协管员");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.Screenshots, "map-zh.png"), FullPage = true });

        await map.SwitchLanguage.ClickAsync();
        await Assertions.Expect(page.GetByText("Grid map").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await map.WaitForGridsAsync(13 * 12);
        await map.Community("凤栖苑社区").ClickAsync();
        await map.WaitForGridsAsync(12);
        await map.Grid("320105001001005").ClickAsync();
        await Assertions.Expect(map.GridDetails).ToContainTextAsync("Grid assistant");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.Screenshots, "map-en.png"), FullPage = true });
    }

    [Fact]
    public async Task A_resident_cannot_open_the_staff_pages()
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync("resident@gongzhi.local", DemoSeeding.DemoPassword);
        await Assertions.Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
        await new MapPage(page).OpenAsync();
        await Assertions.Expect(page.GetByTestId("forbidden")).ToContainTextAsync("您没有访问此内容的权限");
        await Assertions.Expect(page.GetByTestId("map")).ToHaveCountAsync(0);
    }
}
