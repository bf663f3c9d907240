using System.Net;
using System.Net.Http.Json;

namespace Gongzhi.IntegrationTests;

public sealed class StartupTests
{
    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Production_migrates_an_empty_database_but_seeds_no_demo_accounts(Db db)
    {
        await using var app = GongzhiApp.StartEmpty(db, "Production");
        var client = app.CreateClient();
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "the database was created and migrated");
        (await client.PostAsJsonAsync("/api/auth/login", new { email = Accounts.Admin, password = GongzhiApp.Password }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "no demo account exists in Production");
    }
}
