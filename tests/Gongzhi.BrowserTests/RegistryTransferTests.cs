using System.Text;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Data;
using Microsoft.Playwright;

namespace Gongzhi.BrowserTests;

/// <summary>RG-4 bulk import on the staff page: a file with a bad row imports nothing and lists the row; the corrected file imports.</summary>
public sealed class RegistryTransferTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    const string Header = "姓名,身份证号,性别,出生日期,手机号,楼栋编码,房号,是否户主,地址,户籍状态,政治面貌,标签";
    const string Building = "320105001001001001";
    static string IdOf(string first17) => first17 + IdNumber.CheckCharacter(first17);

    [Fact]
    public async Task A_secretary_imports_a_file_sees_the_wrong_row_then_imports_the_corrected_file()
    {
        var page = await app.NewPageAsync();
        var login = new LoginPage(page);
        await login.OpenAsync();
        await login.SignInAsync("secretary@gongzhi.local", DemoSeeding.DemoPassword);
        await page.OpenInteractiveAsync("/registry/transfer");
        await Assertions.Expect(page.GetByTestId("template-xlsx")).ToBeVisibleAsync();

        var good = IdOf("11010519600101771");
        var wrong = good[..17] + (good[17] == '1' ? '2' : '1');
        string File(string id) => $"{Header}\n页面导入甲,{good},,,,{Building},8-801,是,,,,\n页面导入乙,{id},,,,{Building},8-801,否,,,,\n";
        var second = IdOf("11010519620202772");

        await page.GetByTestId("people-file").SetInputFilesAsync(new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(File(wrong)) });
        await Assertions.Expect(page.GetByTestId("import-result")).ToContainTextAsync("未导入任何数据", new() { Timeout = 30_000 }); // an import: upload, check, write
        await Assertions.Expect(page.GetByTestId("rejected")).ToContainTextAsync("页面导入乙");
        await Assertions.Expect(page.GetByTestId("rejected")).ToContainTextAsync("校验位");
        await Assertions.Expect(page.GetByTestId("rejected-sheet")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.Screenshots, "registry-import-rejected-zh.png"), FullPage = true });

        await page.GetByTestId("people-file").SetInputFilesAsync(new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(File(second)) });
        await Assertions.Expect(page.GetByTestId("import-result")).ToContainTextAsync("人员 2 人，新建住户 1 户", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("rejected")).ToHaveCountAsync(0);

        // The people are in the list, masked.
        await page.OpenInteractiveAsync("/registry/people");
        await page.GetByTestId("people-q").FillAsync("页面导入");
        await page.GetByTestId("people-search").ClickAsync();
        await Assertions.Expect(page.GetByTestId("person-id")).ToHaveCountAsync(2);
        (await page.ContentAsync()).Should().NotContain(good).And.NotContain(second);
    }
}
