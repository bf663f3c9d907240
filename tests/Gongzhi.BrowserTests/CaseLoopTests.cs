using Gongzhi.Web.Platform.Data;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

public sealed class CaseLoopTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    static string Shot(string name) => Path.Combine(BrowserApp.Screenshots, name + ".png");

    async Task<IPage> SignedInAsync(string email, int width = 1400, int height = 900)
    {
        var page = await app.NewPageAsync(width, height);
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync(email, DemoSeeding.DemoPassword);
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync(email);
        return page;
    }

    async Task ActAsync(IPage page, string action, string? note = null)
    {
        await page.GetByTestId("action-" + action).ClickAsync();
        if (note is not null) await page.GetByTestId("action-note").FillAsync(note);
        await page.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(page.GetByText("已保存。").Last).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_street_board_shows_a_new_case_without_a_reload()
    {
        var board = await SignedInAsync("street@gongzhi.local");
        await board.OpenInteractiveAsync("/board");
        await Assertions.Expect(board.GetByTestId("board-map")).ToHaveAttributeAsync("data-grids", (13 * 12).ToString());
        var before = int.Parse(await board.GetByTestId("board-today").InnerTextAsync());

        // Someone else reports through the API, as a phone app or another node would.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "grid@gongzhi.local", password = DemoSeeding.DemoPassword });
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var grid = (await http.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>("/api/areas/320105001001001"))!;
        var created = await http.PostAsJsonAsync("/api/cases", new
        {
            category = "jinggai-queshun", description = "人行道井盖缺失，非常危险",
            lat = grid["lat"]!.GetValue<double>(), lng = grid["lng"]!.GetValue<double>(),
        });
        var number = (await created.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["number"]!.GetValue<string>();

        // No reload: the board was pushed the change (the test allows 2 s).
        await Assertions.Expect(board.GetByTestId("board-latest")).ToContainTextAsync(number, new() { Timeout = 2000 });
        await Assertions.Expect(board.GetByTestId("board-today")).ToHaveTextAsync((before + 1).ToString(), new() { Timeout = 2000 });
        await board.ScreenshotAsync(new() { Path = Shot("board-zh"), FullPage = true });
    }

    [Fact]
    public async Task A_grid_worker_reports_on_a_phone_and_the_street_and_department_take_it_on()
    {
        // The grid worker, on a phone-size screen, taps the map inside their grid.
        var phone = await SignedInAsync("grid@gongzhi.local", 375, 740);
        await phone.OpenInteractiveAsync("/cases/report");
        await Assertions.Expect(phone.GetByTestId("pick-map")).ToHaveAttributeAsync("data-ready", "true");
        await phone.GetByTestId("category").ClickAsync();
        await phone.GetByRole(AriaRole.Option, new() { Name = "暴露垃圾" }).ClickAsync();
        await Assertions.Expect(phone.GetByTestId("category")).ToContainTextAsync("暴露垃圾"); // taken before the next input
        await phone.GetByTestId("description").FillAsync("小区北门垃圾桶满溢，周边有异味");
        var map = await phone.GetByTestId("pick-map").BoundingBoxAsync();
        await phone.Mouse.ClickAsync(map!.X + map.Width / 2, map.Y + map.Height / 2);
        await Assertions.Expect(phone.GetByTestId("picked")).Not.ToBeEmptyAsync();
        await phone.ScreenshotAsync(new() { Path = Shot("report-phone-zh"), FullPage = true });
        await phone.GetByTestId("submit-case").ClickAsync();
        // The page navigates inside the circuit (no new document, no "load" event): wait for the address itself.
        await Assertions.Expect(phone).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cases/[0-9a-f-]{36}$"), new() { Timeout = 20_000 });
        await Assertions.Expect(phone.GetByTestId("case-state")).ToContainTextAsync("待立案");
        var url = phone.Url;

        // A photo of the spot, taken on the phone.
        await phone.GetByTestId("attach-file").SetInputFilesAsync(new FilePayload
        {
            Name = "现场.png", MimeType = "image/png",
            Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="),
        });
        await Assertions.Expect(phone.GetByTestId("attachments")).ToContainTextAsync("现场.png");
        await Assertions.Expect(phone.GetByTestId("attachments").Locator("img")).ToHaveCountAsync(1);

        // The street accepts and blows the whistle.
        var street = await SignedInAsync("street@gongzhi.local");
        await street.OpenInteractiveAsync(new Uri(url).AbsolutePath);
        await ActAsync(street, "Accept");
        await ActAsync(street, "Dispatch", "请城管局两小时内报到");
        await Assertions.Expect(street.GetByTestId("case-state")).ToContainTextAsync("已派遣");

        // The department checks in and handles.
        var dept = await SignedInAsync("dept@gongzhi.local");
        await dept.OpenInteractiveAsync(new Uri(url).AbsolutePath);
        await ActAsync(dept, "CheckIn", "已报到");
        await ActAsync(dept, "Handle", "已清运");
        await Assertions.Expect(dept.GetByTestId("timeline")).ToContainTextAsync("处置反馈");
        await dept.ScreenshotAsync(new() { Path = Shot("case-detail-zh"), FullPage = true });

        // The grid worker verifies and, as the reporter, rates it.
        await phone.OpenInteractiveAsync(new Uri(url).AbsolutePath);
        await ActAsync(phone, "Verify", "现场已清理干净");
        await phone.GetByTestId("action-Evaluate").ClickAsync();
        await phone.GetByTestId("action-submit").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("case-state")).ToContainTextAsync("已评价");
        await Assertions.Expect(phone.GetByTestId("actions")).ToContainTextAsync("当前没有您可执行的操作");

        await phone.OpenInteractiveAsync("/cases");
        await Assertions.Expect(phone.GetByTestId("cases")).ToContainTextAsync("小区北门垃圾桶满溢");
        await phone.ScreenshotAsync(new() { Path = Shot("cases-phone-zh"), FullPage = true });
    }
}
