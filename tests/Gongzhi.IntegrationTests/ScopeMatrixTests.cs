using System.Net;
using System.Net.Http.Json;

namespace Gongzhi.IntegrationTests;

/// <summary>Every demo role × an area in its scope and one outside it × every areas/admin endpoint.</summary>
public sealed class ScopeMatrixTests
{
    // (account, an area in scope, a grid in scope, an area out of scope, a grid out of scope, a name that must not leak, may manage staff, is admin)
    static readonly (string Account, string In, string InGrid, string Out, string OutGrid, string OutName, bool Staffing, bool Admin)[] Roles =
    [
        (Accounts.Admin, "320105001001", "320105001001002", "320106001", "320106001001001", "", true, true),
        (Accounts.Street, "320105001001", "320105001001002", "320105002001", "320105002001001", "沙洲", true, false),
        (Accounts.Secretary, "320105001001", "320105001001002", "320105001004", "320105001004001", "北圩路", true, false),
        (Accounts.Worker, "320105001001", "320105001001002", "320105001004", "320105001004001", "北圩路", false, false),
        (Accounts.Grid, "320105001001001", "320105001001001", "320105001001002", "320105001001002", "第2网格", false, false),
        (Accounts.Dept, "320105001001", "320105001001002", "320106001", "320106001001001", "", false, false),
    ];

    static readonly string[] ReadEndpoints = ["/api/areas/{0}", "/api/areas/{0}/children", "/api/areas/{0}/staff", "/api/areas/{0}/staffing-gaps", "/api/areas/{0}/staffing-gaps.xlsx", "/api/areas/{0}/grids.geojson"];

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Out_of_scope_is_404_or_403_and_leaks_nothing(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var failures = new List<string>();
        void Expect(string who, string what, HttpStatusCode actual, params HttpStatusCode[] allowed)
        {
            if (!allowed.Contains(actual)) failures.Add($"{who} {what}: {(int)actual}, expected {string.Join("/", allowed.Select(a => (int)a))}");
        }

        foreach (var r in Roles)
        {
            var client = await app.ClientAsAsync(r.Account);
            foreach (var e in ReadEndpoints)
            {
                Expect(r.Account, "GET " + string.Format(e, r.In), (await client.GetAsync(string.Format(e, r.In))).StatusCode, HttpStatusCode.OK);
                var outside = await client.GetAsync(string.Format(e, r.Out));
                Expect(r.Account, "GET " + string.Format(e, r.Out), outside.StatusCode, HttpStatusCode.NotFound);
                var body = await outside.Content.ReadAsStringAsync();
                if (r.OutName.Length > 0 && body.Contains(r.OutName)) failures.Add($"{r.Account} GET {string.Format(e, r.Out)} leaks {r.OutName}");
            }
            var staff = new { name = "测试员", role = "Assistant" };
            Expect(r.Account, "POST staff in", (await client.PostAsJsonAsync($"/api/areas/{r.InGrid}/staff", staff)).StatusCode,
                r.Staffing ? HttpStatusCode.Created : HttpStatusCode.Forbidden);
            Expect(r.Account, "POST staff out", (await client.PostAsJsonAsync($"/api/areas/{r.OutGrid}/staff", staff)).StatusCode, HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
            Expect(r.Account, "GET users", (await client.GetAsync("/api/admin/users")).StatusCode, r.Admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
            Expect(r.Account, "GET audit", (await client.GetAsync("/api/audit")).StatusCode, r.Admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
            Expect(r.Account, "POST divisions", (await client.PostAsync("/api/areas/divisions", Http.File("file", "code,name\n320105001099,新社区\n", "x.csv"))).StatusCode,
                r.Admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
        }

        foreach (var account in new[] { Accounts.Member, Accounts.Resident })
        {
            var client = await app.ClientAsAsync(account);
            foreach (var e in ReadEndpoints)
                Expect(account, "GET " + string.Format(e, "320105001001"), (await client.GetAsync(string.Format(e, "320105001001"))).StatusCode, HttpStatusCode.Forbidden);
            Expect(account, "GET locate", (await client.GetAsync("/api/areas/locate?lat=32.06&lng=118.665")).StatusCode, HttpStatusCode.Forbidden);
            Expect(account, "GET users", (await client.GetAsync("/api/admin/users")).StatusCode, HttpStatusCode.Forbidden);
        }

        var anonymous = app.CreateClient();
        Expect("anonymous", "GET area", (await anonymous.GetAsync("/api/areas/320105")).StatusCode, HttpStatusCode.Unauthorized);
        failures.Should().BeEmpty();
    }
}
