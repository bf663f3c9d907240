using System.Net;
using System.Text;

namespace Gongzhi.IntegrationTests;

/// <summary>Malformed requests get a 4xx problem, never a 500, and change nothing.</summary>
public sealed class BadInputTests
{
    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task Malformed_requests_are_4xx_problems(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var before = await admin.GetStringAsync("/api/areas/320105001001/staff");

        var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("staff: not JSON", () => admin.PostAsync("/api/areas/320105001001001/staff", Json("{name:"))),
            ("staff: unknown role", () => admin.PostAsync("/api/areas/320105001001001/staff", Json("""{"name":"x","role":"Boss"}"""))),
            ("staff: role as a number out of range", () => admin.PostAsync("/api/areas/320105001001001/staff", Json("""{"name":"x","role":99}"""))),
            ("staff: name too long", () => admin.PostAsync("/api/areas/320105001001001/staff", Json($$"""{"name":"{{new string('x', 500)}}","role":"Assistant"}"""))),
            ("staff: bad phone", () => admin.PostAsync("/api/areas/320105001001001/staff", Json("""{"name":"x","phone":"<script>","role":"Assistant"}"""))),
            ("staff: empty body", () => admin.PostAsync("/api/areas/320105001001001/staff", Json(""))),
            ("staff: wrong content type", () => admin.PostAsync("/api/areas/320105001001001/staff", new StringContent("name=x", Encoding.UTF8, "text/plain"))),
            ("staff: not a guid", () => admin.DeleteAsync("/api/areas/staff/not-a-guid")),
            ("staff: unknown id", () => admin.DeleteAsync($"/api/areas/staff/{Guid.NewGuid()}")),
            ("area: absurd code", () => admin.GetAsync("/api/areas/" + new string('9', 300))),
            ("area: letters", () => admin.GetAsync("/api/areas/abc/children")),
            ("locate: text", () => admin.GetAsync("/api/areas/locate?lat=north&lng=east")),
            ("locate: NaN", () => admin.GetAsync("/api/areas/locate?lat=NaN&lng=118.7")),
            ("locate: infinity", () => admin.GetAsync("/api/areas/locate?lat=32&lng=Infinity")),
            ("divisions: no file", () => admin.PostAsync("/api/areas/divisions", new MultipartFormDataContent())),
            ("divisions: JSON body instead of a file", () => admin.PostAsync("/api/areas/divisions", Json("[]"))),
            ("divisions: empty CSV", () => admin.PostAsync("/api/areas/divisions", Http.File("file", "", "x.csv"))),
            ("divisions: JSON object", () => admin.PostAsync("/api/areas/divisions", Http.File("file", """{"code":"1"}""", "x.json"))),
            ("divisions: binary junk", () => admin.PostAsync("/api/areas/divisions", Http.File("file", "\u0000\u0001\u0002PK", "x.xlsx"))),
            ("geojson: empty", () => admin.PostAsync("/api/areas/grids.geojson", Json(""))),
            ("geojson: no features", () => admin.PostAsync("/api/areas/grids.geojson", Json("""{"type":"FeatureCollection","features":[]}"""))),
            ("geojson: features not an array", () => admin.PostAsync("/api/areas/grids.geojson", Json("""{"type":"FeatureCollection","features":{}}"""))),
            ("geojson: null geometry", () => admin.PostAsync("/api/areas/grids.geojson", Json("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"320105001001001","name":"x"},"geometry":null}]}"""))),
            ("geojson: numbers as strings", () => admin.PostAsync("/api/areas/grids.geojson", Json("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":320105001001001,"name":"x"},"geometry":{"type":"Polygon","coordinates":[[["a","b"]]]}}]}"""))),
            ("users: page 0", () => admin.GetAsync("/api/admin/users?page=0")),
            ("users: page size 100000", () => admin.GetAsync("/api/admin/users?pageSize=100000")),
            ("users: unknown role", () => admin.PostAsync("/api/admin/users/x/assignments", Json("""{"role":"King","areaCode":"320105"}"""))),
            ("users: letters as area", () => admin.PostAsync("/api/admin/users/x/assignments", Json("""{"role":"StreetStaff","areaCode":"abc"}"""))),
            ("audit: bad date", () => admin.GetAsync("/api/audit?from=yesterday")),
            ("auth: not JSON", () => app.CreateClient().PostAsync("/api/auth/login", Json("{"))),
        };

        var failures = new List<string>();
        foreach (var (name, send) in requests)
        {
            var response = await send();
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500) failures.Add($"{name}: {status}");
            else if (response.Content.Headers.ContentType?.MediaType is not "application/problem+json" && status != 401)
                failures.Add($"{name}: {status} with {response.Content.Headers.ContentType?.MediaType ?? "no body"}");
        }
        failures.Should().BeEmpty();
        (await admin.GetStringAsync("/api/areas/320105001001/staff")).Should().Be(before, "nothing was written");
    }

    [Theory, MemberData(nameof(GongzhiApp.Providers), MemberType = typeof(GongzhiApp))]
    public async Task A_caller_without_the_permission_gets_403_before_the_body_is_read_or_validated(Db db)
    {
        await using var app = await GongzhiApp.StartAsync(db);
        var resident = await app.ClientAsAsync(Accounts.Resident);
        // Bodies that would be 400s for someone allowed: for the resident, the permission decides first.
        await (await resident.PostAsync("/api/areas/320105001001001/staff", Json("""{"name":"x","role":"Boss"}"""))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await resident.PostAsync("/api/areas/320105001001001/staff", Json("{name:"))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await resident.PostAsync("/api/party/care", Json("""{"kind":"Nope"}"""))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await resident.PostAsync("/api/registry/import/places", new MultipartFormDataContent())).Problem(HttpStatusCode.Forbidden, "forbidden");
        // The same bad body from the admin is the 400 it deserves.
        var admin = await app.ClientAsAsync(Accounts.Admin);
        ((int)(await admin.PostAsync("/api/areas/320105001001001/staff", Json("""{"name":"x","role":"Boss"}"""))).StatusCode).Should().Be(400);
    }
}
