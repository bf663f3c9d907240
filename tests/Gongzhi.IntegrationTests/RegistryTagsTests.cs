using System.Net;
using System.Net.Http.Json;

namespace Gongzhi.IntegrationTests;

/// <summary>The district's special-group tags: added, renamed, removed only when unused; only the district admin edits them.</summary>
public sealed class RegistryTagsTests
{
    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task The_district_admin_configures_the_tags_and_a_tag_in_use_stays(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var grid = await app.ClientAsAsync(Accounts.Grid);

        var created = await (await admin.PostAsJsonAsync("/api/registry/tags", new { name = "孤寡老人", nameEn = "Elderly without family", order = 9 })).Json(HttpStatusCode.Created);
        created["code"]!.GetValue<string>().Should().Be("孤寡老人");
        await (await admin.PostAsJsonAsync("/api/registry/tags", new { name = "孤寡老人" })).Problem(HttpStatusCode.Conflict, "registry.tag.exists");
        await (await admin.PostAsJsonAsync("/api/registry/tags", new { code = "a|b", name = "坏代码" })).Problem(HttpStatusCode.UnprocessableEntity, "registry.tag.code");
        (await grid.PostAsJsonAsync("/api/registry/tags", new { name = "网格员自建" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await admin.PutAsJsonAsync("/api/registry/tags/孤寡老人", new { name = "孤寡老人（特困）", nameEn = "Elderly without family", order = 9 })).Json(HttpStatusCode.OK))
            ["name"]!.GetValue<string>().Should().Be("孤寡老人（特困）");
        (await (await grid.GetAsync("/api/registry/tags")).Json(HttpStatusCode.OK)).AsArray().Select(t => t!["code"]!.GetValue<string>()).Should().Contain("孤寡老人");

        // A grid worker tags someone with it; then it cannot be removed; an unused tag can.
        var building = (await (await grid.GetAsync($"/api/areas/{CasesApiTests.Grid}/children")).Json(HttpStatusCode.OK)).AsArray()
            .Select(c => c!["code"]!.GetValue<string>()).First(c => c.Length == 18);
        await (await grid.PostAsJsonAsync("/api/registry/people", new { name = "标签测试", areaCode = building, tags = new[] { "孤寡老人" } })).Json(HttpStatusCode.Created);
        var used = await (await admin.DeleteAsync("/api/registry/tags/孤寡老人")).Problem(HttpStatusCode.Conflict, "registry.tag.used");
        used["detail"]!.GetValue<string>().Should().Contain("1");
        await (await admin.PostAsJsonAsync("/api/registry/tags", new { name = "临时标签" })).Json(HttpStatusCode.Created);
        (await admin.DeleteAsync("/api/registry/tags/临时标签")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await admin.DeleteAsync("/api/registry/tags/临时标签")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await grid.DeleteAsync("/api/registry/tags/低保")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
