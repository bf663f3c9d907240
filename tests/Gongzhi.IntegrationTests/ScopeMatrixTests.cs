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
        var admin0 = await app.ClientAsAsync(Accounts.Admin);
        var centres = new Dictionary<string, (double Lat, double Lng)>();
        foreach (var g in Roles.SelectMany(r => new[] { r.InGrid, r.OutGrid }).Distinct())
            if ((await admin0.GetAsync($"/api/areas/{g}")) is { IsSuccessStatusCode: true } res && await res.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>() is { } n)
                centres[g] = (n["lat"]!.GetValue<double>(), n["lng"]!.GetValue<double>());
        // A staff row in 沙洲街道 (outside every role's scope but the district admin's), to try to delete.
        var stranger = await (await admin0.PostAsJsonAsync("/api/areas/320105002001001/staff", new { name = "外人", role = "Supervisor" })).Json(HttpStatusCode.Created);
        var outStaffId = stranger["id"]!.GetValue<string>();
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
            foreach (var (grid, found) in new[] { (r.InGrid, true), (r.OutGrid, false) })
            {
                var point = centres.TryGetValue(grid, out var c) ? c : (Lat: 32.085, Lng: 118.795);
                Expect(r.Account, "GET locate " + grid, (await client.GetAsync($"/api/areas/locate?lat={point.Lat}&lng={point.Lng}")).StatusCode,
                    found ? HttpStatusCode.OK : HttpStatusCode.NotFound);
            }
            if (r.Account != Accounts.Admin)
                Expect(r.Account, "DELETE staff of 沙洲", (await client.DeleteAsync($"/api/areas/staff/{outStaffId}")).StatusCode, HttpStatusCode.NotFound, HttpStatusCode.Forbidden);
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

        (await admin0.GetStringAsync("/api/areas/320105002001001/staff")).Should().Contain("外人", "no one out of scope could delete it");
        var anonymous = app.CreateClient();
        Expect("anonymous", "GET area", (await anonymous.GetAsync("/api/areas/320105")).StatusCode, HttpStatusCode.Unauthorized);
        failures.Should().BeEmpty();
    }
}
