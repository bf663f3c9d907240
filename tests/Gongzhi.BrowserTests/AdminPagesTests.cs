using Gongzhi.Web.Platform.Data;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

public sealed class AdminPagesTests(BrowserApp app) : IClassFixture<BrowserApp>
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
    public async Task A_secretary_assigns_a_manager_to_a_grid_that_lacks_one()
    {
        var page = await SignedInAsync("secretary@gongzhi.local");
        await page.OpenInteractiveAsync("/areas/staffing");
        await Assertions.Expect(page.GetByText("一格三员：网格员配备")).ToBeVisibleAsync();
        var missing = page.GetByTestId("missing-grid");
        var before = await missing.CountAsync();
        await page.ScreenshotAsync(new() { Path = Shot("staffing-zh"), FullPage = true });
        before.Should().BeGreaterThan(0, "the deterministic demo leaves 凤栖苑社区第4网格 without a manager");
        var grid = await missing.First.InnerTextAsync();
        await missing.First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-select", new() { HasTextString = grid }).First).ToBeVisibleAsync();
        // An empty name is refused with a readable message, and nothing is saved.
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.GetByText("提交的内容有误")).ToBeVisibleAsync();
        await Assertions.Expect(missing).ToHaveCountAsync(before);
        await page.GetByTestId("staff-name").FillAsync("钱网格");
        await page.GetByTestId("staff-phone").FillAsync("13912345678");
        await page.GetByTestId("staff-phone").BlurAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = Shot("staffing-assign-zh"), FullPage = true });
        await Assertions.Expect(page.GetByText("已保存。")).ToBeVisibleAsync();
        await Assertions.Expect(missing).ToHaveCountAsync(before - 1);
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "139****5678" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = grid }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_grid_worker_sees_only_their_grid_in_the_tree_and_the_admin_sees_the_district()
    {
        var grid = await SignedInAsync("grid@gongzhi.local");
        await grid.OpenInteractiveAsync("/areas/tree");
        var tree = grid.GetByTestId("tree");
        await Assertions.Expect(tree.GetByRole(AriaRole.Button, new() { Name = "凤栖苑社区第1网格" })).ToBeVisibleAsync();
        await Assertions.Expect(tree).Not.ToContainTextAsync("莫愁湖街道");
        await Assertions.Expect(tree.GetByText("1-1栋")).ToBeVisibleAsync();

        var admin = await SignedInAsync("admin@gongzhi.local");
        await admin.OpenInteractiveAsync("/areas/tree");
        var adminTree = admin.GetByTestId("tree");
        await Assertions.Expect(adminTree.GetByRole(AriaRole.Button, new() { Name = "沙洲街道" })).ToBeVisibleAsync();
        await admin.GetByTestId("toggle-320105001").ClickAsync();
        await adminTree.GetByRole(AriaRole.Button, new() { Name = "凤栖苑社区居委会" }).ClickAsync();
        var details = admin.GetByTestId("area-details");
        await Assertions.Expect(details).ToContainTextAsync("320105001001");
        await Assertions.Expect(details.GetByRole(AriaRole.Row, new() { Name = "网格 12" })).ToBeVisibleAsync();
        await admin.ScreenshotAsync(new() { Path = Shot("tree-zh"), FullPage = true });
    }

    [Fact]
    public async Task The_admin_pages_render_in_chinese_and_in_english()
    {
        var page = await SignedInAsync("admin@gongzhi.local");

        await page.OpenInteractiveAsync("/admin/users");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "street@gongzhi.local" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("users-zh"), FullPage = true });

        await page.OpenInteractiveAsync("/areas/import");
        await Assertions.Expect(page.GetByText("导入区划代码")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("divisions-file")).ToBeVisibleAsync();
        await page.GetByTestId("divisions-file").SetInputFilesAsync(new FilePayload
        {
            Name = "bad.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("code,name\n320105001099,新社区\n3201050010AA,坏代码\n"),
        });
        await Assertions.Expect(page.GetByTestId("import-result")).ToContainTextAsync("未导入任何数据");
        await Assertions.Expect(page.GetByTestId("rejected")).ToContainTextAsync("代码只能由数字组成");
        await page.ScreenshotAsync(new() { Path = Shot("import-rejected-zh"), FullPage = true });

        await page.OpenInteractiveAsync("/cases/metrics");
        await Assertions.Expect(page.GetByTestId("metrics-chart")).ToHaveAttributeAsync("data-bars", "6");
        await page.ScreenshotAsync(new() { Path = Shot("metrics-zh"), FullPage = true });

        await page.OpenInteractiveAsync("/admin/audit");
        await Assertions.Expect(page.GetByText("审计日志").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tbody tr").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("audit-zh"), FullPage = true });

        await page.GetByTestId("switch-language").ClickAsync();
        await Assertions.Expect(page.GetByText("Audit log").First).ToBeVisibleAsync();
        await page.OpenInteractiveAsync("/areas/staffing");
        await Assertions.Expect(page.GetByText("Grid staffing (one grid, three roles)")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Shot("staffing-en"), FullPage = true });
        await page.OpenInteractiveAsync("/admin/users");
        await Assertions.Expect(page.GetByText("Users and assignments").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_secretary_finds_people_masked_and_sees_one_in_full_only_after_giving_a_reason()
    {
        var page = await SignedInAsync("secretary@gongzhi.local");
        await page.OpenInteractiveAsync("/registry/people");
        await Assertions.Expect(page.GetByText("人口信息（身份证号与电话已脱敏）")).ToBeVisibleAsync();
        var ids = page.GetByTestId("person-id");
        await Assertions.Expect(ids.First).ToBeVisibleAsync();
        foreach (var id in await ids.AllInnerTextsAsync())
            id.Should().MatchRegex(@"^\d{4}\*{10}[\dX]{4}$", "lists show ID numbers masked");
        await page.ScreenshotAsync(new() { Path = Shot("people-zh"), FullPage = true });

        await page.GetByTestId("people").Locator("tbody tr").First.ClickAsync();
        var person = page.GetByTestId("person");
        await Assertions.Expect(person).ToContainTextAsync("**********");
        await page.GetByTestId("unmask").ClickAsync();
        await Assertions.Expect(page.GetByText("请填写查看完整信息的原因")).ToBeVisibleAsync();
        await Assertions.Expect(person).ToContainTextAsync("**********");
        await page.GetByTestId("unmask-reason").FillAsync("入户走访核实身份");
        await page.GetByTestId("unmask-reason").BlurAsync();
        await page.GetByTestId("unmask").ClickAsync();
        await Assertions.Expect(person).Not.ToContainTextAsync("**********");
        (await person.InnerTextAsync()).Should().MatchRegex(@"\d{17}[\dX]");
        await Assertions.Expect(person).ToContainTextAsync("入户走访核实身份"); // the view is in the record's history
        await page.ScreenshotAsync(new() { Path = Shot("people-unmasked-zh"), FullPage = true });
    }
}
