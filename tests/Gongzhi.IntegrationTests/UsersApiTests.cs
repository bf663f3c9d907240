using System.Net;
using System.Net.Http.Json;

namespace Gongzhi.IntegrationTests;

public sealed class UsersApiTests
{
    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task An_admin_grants_only_inside_their_scope_and_tokens_can_be_revoked(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);

        var user = await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "hotline@gongzhi.local", displayName = "12345 对接", password = "Hotline@2026x" })).Json(HttpStatusCode.Created);
        var id = user["id"]!.GetValue<string>();
        await (await admin.PostAsJsonAsync("/api/admin/users", new { email = "hotline@gongzhi.local", displayName = "again", password = "Hotline@2026x" })).Problem(HttpStatusCode.Conflict, "user.exists");
        (await admin.PostAsJsonAsync("/api/admin/users", new { email = "not-an-email", displayName = "x", password = "short" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "StreetStaff", areaCode = "320105002" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "StreetStaff", areaCode = "320106001" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PostAsJsonAsync($"/api/admin/users/{id}/assignments", new { role = "StreetStaff", areaCode = "320105002" })).Problem(HttpStatusCode.Conflict, "assignment.exists");

        var token = await (await admin.PostAsJsonAsync($"/api/admin/users/{id}/tokens", new { name = "12345 平台" })).Json(HttpStatusCode.OK);
        var system = app.CreateClient();
        system.DefaultRequestHeaders.Add("X-Api-Key", token["token"]!.GetValue<string>());
        (await (await system.GetAsync("/api/areas")).Json(HttpStatusCode.OK)).AsArray().Single()!["code"]!.GetValue<string>().Should().Be("320105002");
        (await system.GetAsync("/api/areas/320105001")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await admin.DeleteAsync($"/api/admin/users/{id}/tokens/{token["id"]}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await system.GetAsync("/api/areas")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // A disabled account cannot sign in any more.
        (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "hotline@gongzhi.local", password = "Hotline@2026x" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await admin.PostAsync($"/api/admin/users/{id}/disabled?disabled=true", null)).Json(HttpStatusCode.OK))["disabled"]!.GetValue<bool>().Should().BeTrue();
        (await app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "hotline@gongzhi.local", password = "Hotline@2026x" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await (await admin.PostAsync($"/api/admin/users/{(await (await admin.GetAsync("/api/admin/users?search=admin@")).Json(HttpStatusCode.OK))["items"]![0]!["id"]}/disabled?disabled=true", null))
            .Problem(HttpStatusCode.UnprocessableEntity, "user.self");

        // The street worker's list of users is forbidden; the city admin sees the new account too.
        (await (await app.ClientAsAsync(Accounts.Street)).GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var list = await (await admin.GetAsync("/api/admin/users?search=hotline")).Json(HttpStatusCode.OK);
        list["total"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task A_bearer_token_is_checked_on_every_request_though_its_ticket_is_kept()
    {
        await using var app = await GongzhiApp.StartAsync(Db.Sqlite);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var token = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        (await admin.GetAsync("/api/areas")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync("/api/areas")).StatusCode.Should().Be(HttpStatusCode.OK, "the kept ticket serves the same token again");

        var tampered = app.CreateClient();
        tampered.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA"));
        (await tampered.GetAsync("/api/areas")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // Disabling a user clears the kept tickets and callers: their token still decrypts, but the caller holds no permission.
        var street = await app.ClientAsAsync(Accounts.Street);
        (await (await street.GetAsync("/api/areas")).Json(HttpStatusCode.OK)).AsArray().Should().NotBeEmpty();
        var streetId = (await (await admin.GetAsync("/api/admin/users?search=" + Accounts.Street)).Json(HttpStatusCode.OK))["items"]![0]!["id"]!.GetValue<string>();
        (await admin.PostAsync($"/api/admin/users/{streetId}/disabled?disabled=true", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await street.GetAsync("/api/areas")).Problem(HttpStatusCode.Forbidden, "forbidden");

        // A ticket kept from a request shortly before the token's expiry (8 h) is refused once the token has expired.
        app.Clock.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(10));
        (await admin.GetAsync("/api/areas")).StatusCode.Should().Be(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromSeconds(20)); // within the 30 s a ticket is kept
        (await admin.GetAsync("/api/areas")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Platform_endpoints_answer(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var client = app.CreateClient();
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        var openapi = await (await client.GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        openapi["paths"]!.AsObject().Select(p => p.Key).Should().Contain(["/api/areas/locate", "/api/areas/{code}", "/api/auth/login"]);
        await (await client.PostAsJsonAsync("/api/auth/login", new { email = Accounts.Admin, password = "wrong" })).Json(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/auth/register", new { email = "x@y.z", password = "Passw0rd!x" })).StatusCode.Should().Be(HttpStatusCode.NotFound, "accounts are made by administrators");
        var page = await client.GetAsync("/areas/map");
        page.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/account/login", "pages redirect to the sign-in page");
    }
}
