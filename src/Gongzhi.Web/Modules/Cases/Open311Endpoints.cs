using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Realtime;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// Open311 GeoReport v2 at <c>/open311/v2</c>, in <c>.json</c> and <c>.xml</c>: discovery, services (from the disposal
/// models), service definitions, requests (POST with an <c>api_key</c>; GET with service_request_id, service_code,
/// start_date, end_date, status), one request, and tokens. Errors are the spec's array of {code, description} with
/// 400, 403 or 404; every field of a response is present, null when empty. Requests listed are those made through
/// Open311 (no personal data: names, phones and e-mails are never returned).
/// </summary>
public static class Open311Endpoints
{
    public const string Root = "/open311/v2";

    sealed class Open311Error(int status, string description) : Exception(description)
    {
        public int Status { get; } = status;
    }

    public static void Map(WebApplication app)
    {
        var g = app.MapGroup(Root).WithTags("Open311").AllowAnonymous().DisableAntiforgery();
        g.MapGet("/discovery.{format}", (string format, HttpContext http) => Run(format, http, () => Task.FromResult(Discovery(http))));
        g.MapGet("/services.{format}", (string format, GongzhiDb db, HttpContext http) => Run(format, http, async () => await ServicesAsync(db)));
        g.MapGet("/services/{code}.{format}", (string code, string format, GongzhiDb db, HttpContext http) => Run(format, http, async () => await DefinitionAsync(db, code)));
        g.MapGet("/requests.{format}", (string format, GongzhiDb db, HttpContext http) => Run(format, http, async () => await ListAsync(db, http.Request.Query)));
        g.MapGet("/requests/{id}.{format}", (string id, string format, GongzhiDb db, HttpContext http) => Run(format, http, async () => await OneAsync(db, id)));
        g.MapGet("/tokens/{token}.{format}", (string token, string format, GongzhiDb db, HttpContext http) => Run(format, http, async () => await TokenAsync(db, token)));
        g.MapPost("/requests.{format}", (string format, GongzhiDb db, GridLocator locator, TimeProvider clock, NewCases cases, IConfiguration config, HttpContext http) =>
            Run(format, http, async () => await CreateAsync(db, locator, clock, cases, config, http)))
            .RequireRateLimiting("public-write");
    }

    /// <summary>Runs a handler and writes its result (or the spec's error array) as JSON or XML.</summary>
    static async Task<IResult> Run(string format, HttpContext http, Func<Task<Node>> handler)
    {
        var xml = format.Equals("xml", StringComparison.OrdinalIgnoreCase);
        if (!xml && !format.Equals("json", StringComparison.OrdinalIgnoreCase))
            return Write(false, 404, Errors(404, "format must be json or xml"));
        try { return Write(xml, 200, await handler()); }
        catch (Open311Error e) { return Write(xml, e.Status, Errors(e.Status, e.Message)); }
    }

    /// <summary>A response tree: a list of named items, or an item of named fields, written as JSON or as XML.</summary>
    sealed record Node(string Name, IReadOnlyList<(string Key, object? Value)>? Fields = null, IReadOnlyList<Node>? Items = null);

    static Node Errors(int code, string description) =>
        new("errors", Items: [new("error", [("code", code), ("description", description)])]);

    static IResult Write(bool xml, int status, Node node) => xml
        ? Results.Text("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + Xml(node), "text/xml", System.Text.Encoding.UTF8, status)
        : Results.Text(Json(node).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            "application/json", System.Text.Encoding.UTF8, status);

    static JsonNode Json(Node n) => n.Items is { } items
        ? new JsonArray([.. items.Select(Json)])
        : new JsonObject(n.Fields!.Select(f => KeyValuePair.Create(f.Key, f.Value switch
        {
            null => null,
            Node child => Json(child),
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            double d => JsonValue.Create(d),
            bool b => JsonValue.Create(b),
            string[] a => (JsonNode)new JsonArray([.. a.Select(x => (JsonNode?)JsonValue.Create(x))]),
            _ => JsonValue.Create(f.Value.ToString()),
        })));

    static XElement Xml(Node n) => n.Items is { } items
        ? new XElement(n.Name, items.Select(Xml))
        : new XElement(n.Name, n.Fields!.Select(f => f.Value switch
        {
            Node child => Xml(child),
            string[] a => new XElement(f.Key, a.Select(x => new XElement("format", x))),
            bool b => new XElement(f.Key, b ? "true" : "false"),
            double d => new XElement(f.Key, d.ToString(CultureInfo.InvariantCulture)),
            null => new XElement(f.Key),
            _ => new XElement(f.Key, f.Value),
        }));

    static string Iso(DateTimeOffset t) => t.ToCst().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    static Node Discovery(HttpContext http)
    {
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}{Root}";
        return new("discovery",
        [
            ("changeset", "2026-11-23T00:00:00+08:00"), ("contact", "建邺区社会治理指挥中心"), ("key_service", "API keys are API tokens issued by a district administrator"),
            ("endpoints", new Node("endpoints", Items: [new("endpoint", [("specification", "http://wiki.open311.org/GeoReport_v2"), ("url", baseUrl),
                ("changeset", "2026-11-23T00:00:00+08:00"), ("type", "production"), ("formats", new[] { "application/json", "text/xml" })])])),
        ]);
    }

    static async Task<Node> ServicesAsync(GongzhiDb db) =>
        new("services", Items: [.. (await DisposalModels.CurrentAsync(db, default)).Select(m => new Node("service",
        [
            ("service_code", m.Code), ("service_name", m.Name), ("description", $"{m.Name} ({m.NameEn}) — {m.Department}"),
            ("metadata", false), ("type", "realtime"), ("keywords", $"{m.Name},{m.NameEn}"), ("group", m.Department),
        ]))]);

    static async Task<Node> DefinitionAsync(GongzhiDb db, string code)
    {
        if (!await db.Set<DisposalModel>().AnyAsync(m => m.Code == code && m.IsCurrent)) throw new Open311Error(404, "service_code was not found");
        return new("service_definition", [("service_code", code), ("attributes", new Node("attributes", Items: []))]);
    }

    static Node Request(Case c) => new("request",
    [
        ("service_request_id", c.Number),
        ("status", CaseWorkflow.IsOpen(c.State) ? "open" : "closed"),
        ("status_notes", c.State switch { CaseState.Rejected => "rejected", CaseState.Merged => "merged into another request", _ => null }),
        ("service_name", c.CategoryName),
        ("service_code", c.CategoryCode),
        ("description", c.Description),
        ("agency_responsible", c.Department),
        ("service_notice", null),
        ("requested_datetime", Iso(c.ReportedAt)),
        ("updated_datetime", Iso(c.ClosedAt ?? c.ReportedAt)),
        ("expected_datetime", null),
        ("address", c.Address),
        ("address_id", null),
        ("zipcode", null),
        ("lat", c.Lat),
        ("long", c.Lng),
        ("media_url", null),
    ]);

    static IQueryable<Case> Published(GongzhiDb db) => db.Set<Case>().AsNoTracking().Where(c => c.Channel == Channel.Open311);

    static async Task<Node> OneAsync(GongzhiDb db, string id)
    {
        var c = await Published(db).SingleOrDefaultAsync(x => x.Number == id) ?? throw new Open311Error(404, "service_request_id was not found");
        return new("service_requests", Items: [Request(c)]);
    }

    static async Task<Node> TokenAsync(GongzhiDb db, string token)
    {
        if (!Guid.TryParse(token, out var id)) throw new Open311Error(404, "token was not found");
        var c = await Published(db).SingleOrDefaultAsync(x => x.Id == id) ?? throw new Open311Error(404, "token was not found");
        return new("service_requests", Items: [new("request", [("service_request_id", c.Number), ("token", token)])]);
    }

    static async Task<Node> ListAsync(GongzhiDb db, IQueryCollection query)
    {
        var q = Published(db);
        if (query["service_request_id"].ToString() is { Length: > 0 } ids)
            q = q.Where(c => ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(c.Number));
        else
        {
            DateTimeOffset Date(string name, DateTimeOffset fallback) => query[name].ToString() is { Length: > 0 } s
                ? DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.ToUniversalTime() : throw new Open311Error(400, $"{name} is not a W3C date-time")
                : fallback;
            var end = Date("end_date", DateTimeOffset.UtcNow.AddYears(100));
            var start = Date("start_date", (query["end_date"].Count > 0 ? end : DateTimeOffset.UtcNow).AddDays(-90));
            q = q.Where(c => c.ReportedAt >= start && c.ReportedAt <= end);
            if (query["service_code"].ToString() is { Length: > 0 } codes)
            {
                var list = codes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                q = q.Where(c => list.Contains(c.CategoryCode));
            }
            switch (query["status"].ToString())
            {
                case "": break;
                case "open": q = q.Where(c => c.State != CaseState.Closed && c.State != CaseState.Evaluated && c.State != CaseState.Rejected && c.State != CaseState.Merged); break;
                case "closed": q = q.Where(c => c.State == CaseState.Closed || c.State == CaseState.Evaluated || c.State == CaseState.Rejected || c.State == CaseState.Merged); break;
                default: throw new Open311Error(400, "status must be open or closed");
            }
        }
        var rows = await q.OrderByDescending(c => c.ReportedAt).Take(1000).ToListAsync();
        return new("service_requests", Items: [.. rows.Select(Request)]);
    }

    static async Task<Node> CreateAsync(GongzhiDb db, GridLocator locator, TimeProvider clock, NewCases cases, IConfiguration config, HttpContext http)
    {
        if (!http.Request.HasFormContentType) throw new Open311Error(400, "send application/x-www-form-urlencoded fields");
        var form = await http.Request.ReadFormAsync();
        string? Field(string name) => form[name].ToString() is { Length: > 0 } v ? v.Trim() : null;

        // api_key: an API token of a system account that may report in the place.
        var key = Field("api_key") ?? throw new Open311Error(403, "api_key is required");
        var hash = ApiToken.Hash(key);
        var owner = await db.ApiTokens.AsNoTracking().Where(t => t.TokenHash == hash && t.RevokedAt == null).Select(t => t.UserId).SingleOrDefaultAsync()
            ?? throw new Open311Error(403, "api_key is not valid");
        var caller = await Caller.LoadAsync(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, owner)], "open311")), db);
        if (!caller.CanAnywhere(Permission.CasesReport)) throw new Open311Error(403, "api_key may not report requests");

        var code = Field("service_code") ?? throw new Open311Error(400, "service_code is required");
        var model = await db.Set<DisposalModel>().AsNoTracking().SingleOrDefaultAsync(m => m.Code == code && m.IsCurrent)
            ?? throw new Open311Error(400, "service_code was not found");
        double? Coordinate(string name, double limit) => Field(name) is { } s
            ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && Math.Abs(v) <= limit ? v : throw new Open311Error(400, $"{name} is not a valid WGS84 coordinate")
            : null;
        var lat = Coordinate("lat", 90);
        var lng = Coordinate("long", 180);
        var address = Field("address_string");
        if ((lat is null || lng is null) && address is null && Field("address_id") is null)
            throw new Open311Error(400, "a location is required: lat and long, address_string or address_id");
        if ((lat is null) != (lng is null)) throw new Open311Error(400, "lat and long go together");
        var description = Field("description") ?? model.Name;
        if (description.Length > 2000) throw new Open311Error(400, "description is longer than 2000 characters");
        if (address is { Length: > 200 }) throw new Open311Error(400, "address_string is longer than 200 characters");

        var located = lat is { } la && lng is { } lo ? await locator.LocateAsync(la, lo) : null;
        var area = located?.Grid.Code ?? config["Cases:TriageArea"] ?? config["Demo:District"] ?? "320105";
        if (!caller.Can(Permission.CasesReport, area)) throw new Open311Error(403, "api_key may not report requests in this place");

        var now = clock.GetUtcNow();
        var request = new ReportCase.Request(model.Code, description, lat, lng, address, Channel.Open311);
        var c = await cases.SaveAsync(area[..6], now, number => ReportCase.New(model, request, area, located is null, caller, now, number),
            new Actor(caller.UserId, caller.UserName, "Open311"), default);
        return new("service_requests", Items: [new("request", [("service_request_id", c.Number), ("service_notice", null), ("account_id", null), ("token", c.Id.ToString())])]);
    }
}
