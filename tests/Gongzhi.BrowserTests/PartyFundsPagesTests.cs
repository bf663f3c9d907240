using Gongzhi.Web.Platform.Data;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

/// <summary>PT-7 in the browser: a community secretary plans and submits the 大党委's activity, the street approves it, a spend is recorded.</summary>
public sealed class PartyFundsPagesTests(BrowserApp app) : IClassFixture<BrowserApp>
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
    public async Task A_secretary_submits_a_plan_the_street_approves_it_and_a_spend_is_recorded()
    {
        const string Title = "社区党员冬季学习班（浏览器测试）";
        var secretary = await SignedInAsync("secretary@gongzhi.local");
        await secretary.OpenInteractiveAsync("/party/funds");
        await Assertions.Expect(secretary.GetByTestId("plan-row").First).ToBeVisibleAsync(); // the demo plans
        await secretary.GetByTestId("plan-new").ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("plan-org")).ToContainTextAsync("大党委");
        await secretary.GetByTestId("plan-title").FillAsync(Title);
        await secretary.GetByTestId("plan-purpose").FillAsync("教材与场地");
        await secretary.GetByTestId("plan-budget").FillAsync("800");
        await secretary.GetByTestId("plan-save").ClickAsync();
        var row = secretary.Locator($"[data-testid=plan-row][data-title='{Title}']");
        await Assertions.Expect(row.GetByTestId("plan-status")).ToHaveTextAsync("草稿");
        await row.GetByTestId("plan-submit").ClickAsync();
        await Assertions.Expect(row.GetByTestId("plan-status")).ToHaveTextAsync("待审批");
        await Assertions.Expect(row.GetByTestId("plan-approve")).ToHaveCountAsync(0); // the 大党委's own plan: the street approves it
        await secretary.ScreenshotAsync(new() { Path = Shot("party-funds-submitted-zh"), FullPage = true });

        var street = await SignedInAsync("street@gongzhi.local");
        await street.OpenInteractiveAsync("/party/funds");
        await street.GetByTestId("funds-filter-Submitted").ClickAsync();
        await Assertions.Expect(street.GetByTestId("plan-status").Filter(new() { HasNotText = "待审批" })).ToHaveCountAsync(0); // the filter has applied
        var streetRow = street.Locator($"[data-testid=plan-row][data-title='{Title}']");
        await streetRow.GetByTestId("plan-approve").ClickAsync();
        await Assertions.Expect(streetRow).ToHaveCountAsync(0); // approved: it leaves the 待审批 list (wait before changing the filter)
        await street.GetByTestId("funds-filter-all").ClickAsync();
        await Assertions.Expect(streetRow.GetByTestId("plan-status")).ToHaveTextAsync("已批准");

        await secretary.OpenInteractiveAsync("/party/funds");
        await row.GetByTestId("plan-open").ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("plan-remaining")).ToContainTextAsync("800.00");
        await secretary.GetByTestId("spend-item").FillAsync("《党章》学习读本");
        await secretary.GetByTestId("spend-amount").FillAsync("300");
        await secretary.GetByTestId("spend-save").ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("spend-row")).ToContainTextAsync("《党章》学习读本");
        await Assertions.Expect(secretary.GetByTestId("plan-remaining")).ToContainTextAsync("500.00");
        // Over the budget: refused with the readable message, nothing added.
        await secretary.GetByTestId("spend-item").FillAsync("超支");
        await secretary.GetByTestId("spend-amount").FillAsync("500.01");
        await secretary.GetByTestId("spend-save").ClickAsync();
        await Assertions.Expect(secretary.GetByText("支出将超出预算").First).ToBeVisibleAsync();
        await Assertions.Expect(secretary.GetByTestId("spend-row")).ToHaveCountAsync(1);
        await secretary.ScreenshotAsync(new() { Path = Shot("party-funds-spend-zh"), FullPage = true });

        // The spend corrected in the spend form (300 → 350: its old amount is not counted against the budget).
        await secretary.GetByTestId("spend-row").GetByTestId("spend-edit").ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("spend-form-title")).ToHaveTextAsync("更正支出");
        await secretary.GetByTestId("spend-amount").FillAsync("350");
        await secretary.GetByTestId("spend-save").ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("plan-remaining")).ToContainTextAsync("450.00");
        await Assertions.Expect(secretary.GetByTestId("spend-row")).ToHaveCountAsync(1);
        await Assertions.Expect(secretary.GetByTestId("spend-row")).ToContainTextAsync("350.00");
        // Removing asks first: cancelling keeps it, confirming removes it and the budget is whole again.
        var dialog = secretary.Locator(".mud-dialog");
        await secretary.GetByTestId("spend-remove").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("spend-row")).ToHaveCountAsync(1);
        await secretary.GetByTestId("spend-remove").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("spend-row")).ToHaveCountAsync(0);
        await Assertions.Expect(secretary.GetByTestId("plan-remaining")).ToContainTextAsync("800.00");
        // The report: spent per organisation and year, the 大党委's among them.
        await Assertions.Expect(secretary.GetByTestId("report-row").Filter(new() { HasTextString = "大党委" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_member_records_their_own_learning_hours_and_sees_their_archive()
    {
        var member = await SignedInAsync("member@gongzhi.local");
        await member.OpenInteractiveAsync("/party/learning");
        await Assertions.Expect(member.GetByTestId("resource-row").First).ToBeVisibleAsync(); // the demo resources of the street and the 大党委
        await Assertions.Expect(member.GetByTestId("learning-progress")).ToContainTextAsync("学时");
        var rows = member.GetByTestId("learning-row");
        var before = await rows.CountAsync();
        await member.GetByTestId("learning-topic").FillAsync("自学《习近平新时代中国特色社会主义思想学习纲要》");
        await member.GetByTestId("learning-hours").FillAsync("1.5");
        await member.GetByTestId("learning-save").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        await Assertions.Expect(rows.First).ToContainTextAsync("学习纲要");
        // More than 24 hours in a day: the readable message, nothing added.
        await member.GetByTestId("learning-topic").FillAsync("通宵");
        await member.GetByTestId("learning-hours").FillAsync("23");
        await member.GetByTestId("learning-save").ClickAsync();
        await Assertions.Expect(member.GetByTestId("learning-error")).ToContainTextAsync("24");
        await Assertions.Expect(rows).ToHaveCountAsync(before + 1);
        await member.ScreenshotAsync(new() { Path = Shot("party-learning-member-zh"), FullPage = true });
    }

    [Fact]
    public async Task The_street_sets_its_learning_target_and_the_desk_lists_the_in_service_members_who_reported_here()
    {
        var street = await SignedInAsync("street@gongzhi.local");
        await street.OpenInteractiveAsync("/party/learning");
        var targets = street.GetByTestId("learning-targets");
        await Assertions.Expect(targets.GetByTestId("target-row")).ToHaveCountAsync(1); // the street's own working committee only
        await street.GetByTestId("target-hours").FillAsync("40");
        await street.GetByTestId("target-save").ClickAsync();
        await Assertions.Expect(targets.GetByTestId("target-row")).ToContainTextAsync("40");
        await street.GetByTestId("target-hours").FillAsync("2000"); // above 1000: refused, the target stays
        await street.GetByTestId("target-save").ClickAsync();
        await Assertions.Expect(targets.GetByTestId("target-row")).ToContainTextAsync("40");
        await street.ScreenshotAsync(new() { Path = Shot("party-learning-target-zh"), FullPage = true });
        await street.GetByTestId("target-hours").FillAsync("32"); // back to the default for the other tests of the class
        await street.GetByTestId("target-save").ClickAsync();
        await Assertions.Expect(targets.GetByTestId("target-row")).ToContainTextAsync("32");

        // The desk: the demo's 在职党员 of the city administration who reported to 凤栖苑, phone masked.
        var secretary = await SignedInAsync("secretary@gongzhi.local");
        await secretary.OpenInteractiveAsync("/party");
        var reported = secretary.GetByTestId("reported-here").GetByTestId("reported-row");
        await Assertions.Expect(reported.First).ToContainTextAsync("建邺区城市管理局");
        (await secretary.GetByTestId("reported-here").InnerTextAsync()).Should().NotMatchRegex(@"1\d{10}");
    }

    [Fact]
    public async Task A_draft_plan_is_edited_and_then_discarded_after_confirmation()
    {
        const string Title = "浏览器测试草稿", Edited = "浏览器测试草稿（改）";
        var secretary = await SignedInAsync("secretary@gongzhi.local");
        await secretary.OpenInteractiveAsync("/party/funds");
        await secretary.GetByTestId("plan-new").ClickAsync();
        await secretary.GetByTestId("plan-title").FillAsync(Title);
        await secretary.GetByTestId("plan-budget").FillAsync("120");
        await secretary.GetByTestId("plan-save").ClickAsync();
        var row = secretary.Locator($"[data-testid=plan-row][data-title='{Title}']");
        await row.GetByTestId("plan-edit").ClickAsync();
        await secretary.GetByTestId("plan-title").FillAsync(Edited);
        await secretary.GetByTestId("plan-budget").FillAsync("150");
        await secretary.GetByTestId("plan-save").ClickAsync();
        var edited = secretary.Locator($"[data-testid=plan-row][data-title='{Edited}']");
        await Assertions.Expect(edited).ToContainTextAsync("150.00");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await edited.GetByTestId("plan-discard").ClickAsync();
        await secretary.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "作废" }).ClickAsync();
        await Assertions.Expect(edited).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Staff_publish_and_withdraw_a_resource_and_correct_then_remove_a_learning_record()
    {
        const string Title = "浏览器测试学习资料", Topic = "浏览器测试学习主题";
        var secretary = await SignedInAsync("secretary@gongzhi.local");
        await secretary.OpenInteractiveAsync("/party/learning");
        await Assertions.Expect(secretary.GetByTestId("resource-row").First).ToBeVisibleAsync();
        var dialog = secretary.Locator(".mud-dialog");

        // A text published by the 大党委 (the first organisation the secretary writes for).
        await secretary.GetByTestId("resource-title").FillAsync(Title);
        await secretary.GetByTestId("resource-hours").FillAsync("1");
        await secretary.GetByTestId("resource-body").FillAsync("学习党章第一章。");
        await secretary.GetByTestId("resource-save").ClickAsync();
        var resource = secretary.GetByTestId("resource-row").Filter(new() { HasTextString = Title });
        await Assertions.Expect(resource).ToHaveCountAsync(1);

        // Hours recorded for the selected member, corrected in the record form (2 → 2.5), then removed after a confirmation.
        await secretary.GetByTestId("learning-topic").FillAsync(Topic);
        await secretary.GetByTestId("learning-hours").FillAsync("2");
        await secretary.GetByTestId("learning-save").ClickAsync();
        var record = secretary.GetByTestId("learning-row").Filter(new() { HasTextString = Topic });
        await Assertions.Expect(record).ToHaveCountAsync(1);
        await record.GetByTestId("learning-fix").ClickAsync();
        await Assertions.Expect(secretary.GetByTestId("learning-form-title")).ToHaveTextAsync("更正学时记录");
        await secretary.GetByTestId("learning-hours").FillAsync("2.5");
        await secretary.GetByTestId("learning-save").ClickAsync();
        await Assertions.Expect(record).ToContainTextAsync("2.5");
        await Assertions.Expect(secretary.GetByTestId("learning-form-title")).ToHaveTextAsync("登记学时");
        await record.GetByTestId("learning-remove").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Assertions.Expect(record).ToHaveCountAsync(0);

        // Withdrawing asks first: cancelling keeps the resource, confirming removes it from the list.
        await resource.GetByTestId("resource-withdraw").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(resource).ToHaveCountAsync(1);
        await resource.GetByTestId("resource-withdraw").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "撤回" }).ClickAsync();
        await Assertions.Expect(resource).ToHaveCountAsync(0);
        await secretary.ScreenshotAsync(new() { Path = Shot("party-learning-staff-zh"), FullPage = true });
    }
}
