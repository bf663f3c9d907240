using System.Net;

namespace Gongzhi.IntegrationTests;

public sealed class AttachmentTests
{
    /// <summary>The smallest valid PNG: 1×1, one transparent pixel.</summary>
    internal static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    static MultipartFormDataContent Files(params (byte[] Bytes, string Name)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (bytes, name) in files) form.Add(new ByteArrayContent(bytes), "files", name);
        return form;
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Photos_are_checked_by_content_stored_as_files_and_served_in_scope_only(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var grid = await app.ClientAsAsync(Accounts.Grid);
        var id = await CasesApiTests.ReportAsync(grid);

        var added = (await (await grid.PostAsync($"/api/cases/{id}/attachments", Files((Png, "现场.png"), ("%PDF-1.4\n%%EOF"u8.ToArray(), "说明.pdf")))).Json(HttpStatusCode.OK)).AsArray();
        added.Select(a => a!["contentType"]!.GetValue<string>()).Should().Equal("image/png", "application/pdf");
        var url = added[0]!["url"]!.GetValue<string>();
        var download = await grid.GetAsync(url);
        download.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(Png);

        // A program renamed to .jpg, an empty file and an oversize one are refused, and nothing is added.
        await (await grid.PostAsync($"/api/cases/{id}/attachments", Files(("MZ\u0090\u0000 this is an exe"u8.ToArray(), "photo.jpg")))).Problem(HttpStatusCode.BadRequest, "attachment.type");
        await (await grid.PostAsync($"/api/cases/{id}/attachments", Files(([], "empty.png")))).Problem(HttpStatusCode.BadRequest, "attachment.type");
        var big = new byte[FileStoreLimit + 1];
        Png.CopyTo(big, 0);
        (await grid.PostAsync($"/api/cases/{id}/attachments", Files((big, "big.png")))).StatusCode.Should().BeOneOf(HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest);
        (await (await grid.GetAsync($"/api/cases/{id}/attachments")).Json(HttpStatusCode.OK)).AsArray().Should().HaveCount(2);

        // Someone who may not see the case gets nothing of it.
        var other = await app.ClientAsAsync(Accounts.Worker); // same community: may see it
        (await other.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var elsewhere = await CasesApiTests.ReportAsync(admin, "baolu-laji", "320105002003004");
        var hidden = (await (await admin.PostAsync($"/api/cases/{elsewhere}/attachments", Files((Png, "a.png")))).Json(HttpStatusCode.OK))[0]!["url"]!.GetValue<string>();
        (await grid.GetAsync(hidden)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await grid.PostAsync($"/api/cases/{elsewhere}/attachments", Files((Png, "b.png")))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    const long FileStoreLimit = Gongzhi.Web.Platform.Files.FileStore.MaxBytes;
}
