using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

public static class PageExtensions
{
    /// <summary>Opens a staff page and waits until its interactive circuit runs.</summary>
    public static async Task OpenInteractiveAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.GetByTestId("interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
}

/// <summary>The sign-in page.</summary>
public sealed class LoginPage(IPage page)
{
    public Task OpenAsync() => page.GotoAsync("/account/login");
    public ILocator Heading => page.Locator("h1");
    public ILocator Error => page.GetByTestId("login-error");

    public async Task SignInAsync(string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }
}

/// <summary>The grid map: streets and communities to pick, Leaflet polygons, the grid panel.</summary>
public sealed class MapPage(IPage page)
{
    public Task OpenAsync() => page.GotoAsync("/areas/map");
    public ILocator Map => page.GetByTestId("map");
    public ILocator Grid(string code) => page.Locator($"path[data-code='{code}']");
    public ILocator GridDetails => page.GetByTestId("grid-details");
    public ILocator Community(string name) => page.GetByTestId("communities").GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
    public ILocator SwitchLanguage => page.GetByTestId("switch-language");

    /// <summary>The map is drawn only once the interactive circuit runs, so this also waits for interactivity.</summary>
    public Task WaitForGridsAsync(int count) => Assertions.Expect(Map).ToHaveAttributeAsync("data-grids", count.ToString());
}
