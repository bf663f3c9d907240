using Gongzhi.Web.Platform.Data;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

/// <summary>PT-4 and PT-6 in the browser: a secretary grades a member in 民主评议 and gives a member a 党员责任区 over a building, seen on the card.</summary>
public sealed class PartyCarePagesTests(BrowserApp app) : IClassFixture<BrowserApp>
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

    static async Task PickAsync(IPage page, string select, string option)
    {
        await page.GetByTestId(select).ClickAsync();
        await page.GetByRole(AriaRole.Option).Filter(new() { HasTextString = option }).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId(select)).ToContainTextAsync(option); // the select has taken the value before the next click
    }

    static async Task PickFirstAsync(IPage page, string select)
    {
        await page.GetByTestId(select).ClickAsync();
        var first = page.GetByRole(AriaRole.Option).First;
        var text = (await first.InnerTextAsync()).Split('·')[0].Trim();
        await first.ClickAsync();
        await Assertions.Expect(page.GetByTestId(select)).ToContainTextAsync(text);
    }

    [Fact]
    public async Task A_secretary_grades_a_member_and_assigns_a_responsibility_area_seen_on_the_card()
    {
        var page = await SignedInAsync("secretary@gongzhi.local");

        // 民主评议 of this year for the branch of grid 3: the suggestion follows the scores; the grade is saved.
        await page.OpenInteractiveAsync("/party/evaluation");
        await Assertions.Expect(page.GetByTestId("evaluation-row").First).ToBeVisibleAsync();
        await PickAsync(page, "evaluation-org", "第3网格");
        await PickAsync(page, "evaluation-year", DateTime.UtcNow.AddHours(8).Year.ToString());
        var row = page.GetByTestId("evaluation-row").First;
        await Assertions.Expect(row.GetByTestId("evaluation-grade")).ToHaveTextAsync("—");
        await row.GetByTestId("evaluation-open").ClickAsync();
        await page.GetByTestId("evaluation-self").FillAsync("带头参与楼道整治，按时参加组织生活。");
        await page.GetByTestId("evaluation-mutual").FillAsync("95");
        await page.GetByTestId("evaluation-mutualcount").FillAsync("8");
        await page.GetByTestId("evaluation-masses").FillAsync("93");
        await page.GetByTestId("evaluation-self").ClickAsync();
        await Assertions.Expect(page.GetByTestId("evaluation-suggestion")).ToContainTextAsync("优秀");
        await PickAsync(page, "evaluation-gradeselect", "优秀");
        await page.GetByTestId("evaluation-save").ClickAsync();
        await Assertions.Expect(row.GetByTestId("evaluation-grade")).ToHaveTextAsync("优秀");
        await page.ScreenshotAsync(new() { Path = Shot("party-evaluation-zh"), FullPage = true });

        // 走访慰问 of a registry resident (not a member) of grid 3, listed with the care records.
        await page.GetByTestId("care-person").ClickAsync();
        var resident = page.GetByRole(AriaRole.Option).First;
        var residentName = (await resident.InnerTextAsync()).Trim();
        await resident.ClickAsync();
        await Assertions.Expect(page.GetByTestId("care-person")).ToContainTextAsync(residentName);
        await page.GetByTestId("care-by").FillAsync("浏览器测试网格员");
        await page.GetByTestId("care-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("care-row").Filter(new() { HasTextString = "浏览器测试网格员" })).ToContainTextAsync(residentName);

        // 党员责任区 over the first building of grid 3 for the last member of the branch.
        await page.OpenInteractiveAsync("/party/roles");
        await PickAsync(page, "roles-org", "第3网格");
        await page.GetByTestId("role-member").ClickAsync();
        var option = page.GetByRole(AriaRole.Option).Last;
        var member = (await option.InnerTextAsync()).Split('·')[0].Trim();
        await option.ClickAsync();
        await Assertions.Expect(page.GetByTestId("role-member")).ToContainTextAsync(member);
        var building = page.GetByTestId("role-buildings").Locator("label").First;
        var buildingName = (await building.InnerTextAsync()).Trim();
        await building.ClickAsync();
        var rows = page.GetByTestId("role-row");
        var before = await rows.CountAsync();
        await page.GetByTestId("role-save").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        var mine = rows.Filter(new() { HasTextString = member }).Filter(new() { HasTextString = "党员责任区" }).Filter(new() { HasTextString = buildingName });
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Shot("party-roles-zh"), FullPage = true });
        // Ending a role removes it with its affairs: the page asks first, and cancelling keeps it.
        await mine.GetByTestId("role-end").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);

        // On the member's contact card.
        await page.OpenInteractiveAsync((await mine.GetByTestId("role-card").GetAttributeAsync("href"))!);
        await Assertions.Expect(page.GetByTestId("card-name")).ToHaveTextAsync(member);
        await Assertions.Expect(page.GetByTestId("card-role").Filter(new() { HasTextString = "党员责任区" })).ToContainTextAsync(buildingName);

    }

    [Fact]
    public async Task A_secretary_runs_a_proxy_service_affair_from_accepted_to_done_corrects_it_and_edits_the_role()
    {
        var page = await SignedInAsync("secretary@gongzhi.local");
        await page.OpenInteractiveAsync("/party/roles");
        await Assertions.Expect(page.GetByTestId("role-form")).ToBeVisibleAsync();
        await PickAsync(page, "roles-org", "第3网格");

        // The test's own 代理服务 role (not the demo's), found by its note: a resident of the member's area served.
        var note = "浏览器测试代理服务 " + Guid.NewGuid().ToString("N")[..8];
        await PickFirstAsync(page, "role-member");
        await PickAsync(page, "role-kind", "党员代理服务");
        await PickFirstAsync(page, "role-person");
        await page.GetByTestId("role-note").FillAsync(note);
        await page.GetByTestId("role-save").ClickAsync();
        var role = page.GetByTestId("role-row").Filter(new() { HasTextString = note });
        await Assertions.Expect(role).ToHaveCountAsync(1);

        // An affair accepted today, then 办理中, then 已办结 (no further step).
        await role.GetByTestId("affair-text").FillAsync("代办医保报销");
        await role.GetByTestId("affair-add").ClickAsync();
        var affair = role.GetByTestId("affair-row");
        await Assertions.Expect(affair).ToContainTextAsync("代办医保报销（已受理）");
        await role.GetByTestId("affair-advance").ClickAsync();
        await Assertions.Expect(affair).ToContainTextAsync("（办理中）");
        await role.GetByTestId("affair-advance").ClickAsync();
        await Assertions.Expect(affair).ToContainTextAsync("（已办结）");
        await Assertions.Expect(role.GetByTestId("affair-advance")).ToHaveCountAsync(0);

        // Its text and day corrected on the page: a day to come refused readably, then yesterday; the status stays 已办结.
        await role.GetByTestId("affair-edit").ClickAsync();
        await role.GetByTestId("affair-edit-text").FillAsync("代办医保报销（材料已补齐）");
        await role.GetByTestId("affair-edit-on").FillAsync("2099-01-01");
        await role.GetByTestId("affair-edit-save").ClickAsync();
        await Assertions.Expect(page.GetByText("日期不能晚于今天。").First).ToBeVisibleAsync();
        var yesterday = DateTime.UtcNow.AddHours(8).AddDays(-1).ToString("yyyy-MM-dd");
        await role.GetByTestId("affair-edit-on").FillAsync(yesterday);
        await role.GetByTestId("affair-edit-save").ClickAsync();
        await Assertions.Expect(affair).ToContainTextAsync($"{yesterday} 代办医保报销（材料已补齐）（已办结）");
        await Assertions.Expect(role.GetByTestId("affair-edit-form")).ToHaveCountAsync(0);

        // The role edited in the form (member and kind fixed): its note changed, still one role.
        var rows = page.GetByTestId("role-row");
        var count = await rows.CountAsync();
        await role.GetByTestId("role-edit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("role-form-title")).ToContainTextAsync("修改");
        await page.GetByTestId("role-note").FillAsync(note + "（已修改）");
        await page.GetByTestId("role-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("role-row").Filter(new() { HasTextString = note + "（已修改）" })).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToHaveCountAsync(count);
        await Assertions.Expect(page.GetByTestId("role-form-title")).ToHaveTextAsync("设岗定责");
        await page.ScreenshotAsync(new() { Path = Shot("party-roles-affairs-zh"), FullPage = true });
    }

    [Fact]
    public async Task Staff_rename_an_organisation_edit_a_member_and_record_dues_from_the_pages()
    {
        var page = await SignedInAsync("secretary@gongzhi.local");
        await page.OpenInteractiveAsync("/party/orgs");
        await Assertions.Expect(page.GetByTestId("member-row").First).ToBeVisibleAsync();

        // Rename the selected branch and name its secretary.
        await page.GetByTestId("org-edit").ClickAsync();
        await page.GetByTestId("org-edit-name").FillAsync("第1网格党支部（更名）");
        await page.GetByTestId("org-edit-secretary").ClickAsync();
        var secretary = page.GetByRole(AriaRole.Option).Last;
        var secretaryName = (await secretary.InnerTextAsync()).Split('·')[0].Trim();
        await secretary.ClickAsync();
        await Assertions.Expect(page.GetByTestId("org-edit-secretary")).ToContainTextAsync(secretaryName); // the select has taken it before saving
        await page.GetByTestId("org-edit-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("org-details")).ToContainTextAsync("第1网格党支部（更名）");
        await Assertions.Expect(page.GetByTestId("org-details")).ToContainTextAsync(secretaryName);

        // Edit a member's name (the phone left blank is kept).
        await page.GetByTestId("member-edit").First.ClickAsync();
        await page.GetByTestId("member-edit-name").FillAsync("改名党员");
        await page.GetByTestId("member-edit-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("members")).ToContainTextAsync("改名党员");
        var row = page.GetByTestId("member-row").Filter(new() { HasTextString = "改名党员" });
        await Assertions.Expect(row).ToContainTextAsync("****");

        // Dues of this month from the card: the amount is shown before saving.
        await page.OpenInteractiveAsync((await row.Locator("a").First.GetAttributeAsync("href"))!);
        await page.GetByTestId("dues-income").FillAsync("4000");
        await Assertions.Expect(page.GetByTestId("dues-preview")).ToContainTextAsync("40.00");
        await page.GetByTestId("dues-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("card-dues")).ToContainTextAsync("40.00");
        await page.ScreenshotAsync(new() { Path = Shot("party-card-dues-zh"), FullPage = true });
    }
}
