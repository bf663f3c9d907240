using System.Net;
using System.Net.Http.Json;

namespace Gongzhi.IntegrationTests;

/// <summary>Every demo role × a case inside and one outside their reach × every case endpoint.</summary>
public sealed class CaseScopeMatrixTests
{
    // (account, sees the 城管局 case in 凤栖苑第1网格, sees the 消防 case in 沙洲, may dispatch in 凤栖苑, holds CasesRead, holds CasesReport)
    static readonly (string Account, bool SeesInside, bool SeesOutside, bool Dispatches, bool Reads, bool Reports)[] Roles =
    [
        (Accounts.Admin, true, true, true, true, true),
        (Accounts.Street, true, false, true, true, true),
        (Accounts.Secretary, true, false, false, true, true),
        (Accounts.Worker, true, false, false, true, true),
        (Accounts.Grid, true, false, false, true, true),
        (Accounts.Dept, true, false, false, true, false),
        (Accounts.Member, false, false, false, false, true),
        (Accounts.Resident, false, false, false, false, true),
    ];

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Every_case_endpoint_answers_each_role_by_scope(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var inside = await CasesApiTests.ReportAsync(admin, "baolu-laji", "320105001001001");
        var outside = await CasesApiTests.ReportAsync(admin, "xiaofang-dusai", "320105002003004");
        var failures = new List<string>();
        void Expect(string who, string what, HttpStatusCode actual, params HttpStatusCode[] allowed)
        {
            if (!allowed.Contains(actual)) failures.Add($"{who} {what}: {(int)actual}, expected {string.Join("/", allowed.Select(a => (int)a))}");
        }

        foreach (var r in Roles)
        {
            var client = await app.ClientAsAsync(r.Account);
            foreach (var (id, sees) in new[] { (inside, r.SeesInside), (outside, r.SeesOutside) })
            {
                var seen = sees ? HttpStatusCode.OK : HttpStatusCode.NotFound;
                foreach (var path in new[] { $"/api/cases/{id}", $"/api/cases/{id}/duplicates", $"/api/cases/{id}/attachments" })
                {
                    var response = await client.GetAsync(path);
                    Expect(r.Account, "GET " + path, response.StatusCode, r.Reads || r.Reports ? seen : HttpStatusCode.Forbidden);
                    if (!sees && (await response.Content.ReadAsStringAsync()).Contains("消防通道")) failures.Add($"{r.Account} GET {path} leaks the case");
                }
                // An attachment that is not an image: 400 proves the caller got past the role and area checks; nothing is stored.
                var upload = new MultipartFormDataContent { { new ByteArrayContent("not an image"u8.ToArray()), "files", "x.txt" } };
                Expect(r.Account, $"POST attachment {id}", (await client.PostAsync($"/api/cases/{id}/attachments", upload)).StatusCode,
                    !(r.Reads || r.Reports) ? HttpStatusCode.Forbidden : sees ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound);
                // Reject without a reason: 422 proves the caller got past the role and area checks; nothing changes.
                var reject = (await client.PostAsJsonAsync($"/api/cases/{id}/reject", new { })).StatusCode;
                Expect(r.Account, $"POST reject {id}", reject,
                    !(r.Reads || r.Reports) ? HttpStatusCode.Forbidden
                    : !sees ? HttpStatusCode.NotFound
                    : r.Dispatches && id == inside || r.Account == Accounts.Admin ? HttpStatusCode.UnprocessableEntity
                    : HttpStatusCode.Forbidden);
            }
            var readGate = r.Reads ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            Expect(r.Account, "GET list", (await client.GetAsync("/api/cases")).StatusCode, r.Reads || r.Reports ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
            Expect(r.Account, "GET metrics", (await client.GetAsync("/api/cases/metrics")).StatusCode, readGate);
            Expect(r.Account, "GET metrics.xlsx", (await client.GetAsync("/api/cases/metrics.xlsx")).StatusCode, readGate);
            Expect(r.Account, "GET hotline export", (await client.GetAsync("/api/cases/hotline/export?format=json")).StatusCode, readGate);
            Expect(r.Account, "POST hotline import", (await client.PostAsync("/api/cases/hotline/import", Http.File("file", "a,b\n", "x.csv"))).StatusCode,
                r.Reports ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden);
            Expect(r.Account, "GET models", (await client.GetAsync("/api/cases/models")).StatusCode, r.Reads || r.Reports ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
            Expect(r.Account, "GET model versions", (await client.GetAsync("/api/cases/models/baolu-laji/versions")).StatusCode,
                r.Reads || r.Reports ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
            // Only the district admin edits disposal models (a valid edit, so the answer is the permission's, not the body's).
            var put = await client.PutAsJsonAsync("/api/cases/models/luandui-wuliao", new
            {
                name = "乱堆物料", nameEn = "Piled materials", department = "城管局", whistle = "Daily", checkInHours = 4, handleHours = 72, verifyHours = 24,
            });
            Expect(r.Account, "PUT model", put.StatusCode, r.Account == Accounts.Admin ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
        }
        (await admin.GetAsync($"/api/cases/{inside}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await admin.GetAsync($"/api/cases/{outside}")).Json(HttpStatusCode.OK))["state"]!.GetValue<string>().Should().Be("Reported", "no one changed it");
        failures.Should().BeEmpty();
    }
}
