using System.Text.Json;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Valid;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>
/// Grid boundaries as GeoJSON (RFC 7946) FeatureCollections with properties <c>code</c> and <c>name</c>.
/// Import checks every feature (geometry type, validity and self-intersection, coordinate range, a known parent
/// community in scope, no overlap with a sibling beyond <see cref="OverlapTolerance"/>) and writes nothing unless all pass.
/// </summary>
public static class GridBoundaries
{
    /// <summary>Two sibling grids may overlap by at most this share of the smaller one (digitising slivers).</summary>
    public const double OverlapTolerance = 0.01;
    public const string MediaType = "application/geo+json";

    static readonly JsonSerializerOptions Json = new() { Converters = { new GeoJsonConverterFactory() }, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed record Result(int Created, int Updated);
    public sealed record Candidate(int Index, string Code, string Name, Geometry? Shape, List<string> Reasons);

    public static void Map(RouteGroupBuilder areas)
    {
        areas.MapGet("/{code}/grids.geojson", async Task<Results<ContentHttpResult, ProblemHttpResult>> (string code, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
        {
            if (!await db.Readable(caller).AnyAsync(a => a.Code == code, ct)) return Problems.NotFound(http);
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"grids-{code}.geojson\"";
            return TypedResults.Content(await ExportAsync(db, code, ct), MediaType);
        }).WithSummary("The grids under an area as a GeoJSON FeatureCollection");

        areas.MapPost("/grids.geojson", async Task<Results<Ok<Result>, ProblemHttpResult>> (HttpRequest request, GongzhiDb db, Caller caller, ChangeBus bus, HttpContext http, CancellationToken ct) =>
        {
            Stream body;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                if (form.Files.GetFile("file") is not { } file) return Problems.BadRequest(http, "geo.json");
                if (file.Length > Tabular.MaxBytes) return Problems.Of(http, 413, "too_large");
                body = file.OpenReadStream();
            }
            else body = request.Body;
            await using (body)
                return TypedResults.Ok(await ImportAsync(db, caller, bus, await ParseAsync(body, ct), ct));
        })
        .Accepts<FeatureCollection>(MediaType, "application/json")
        .DisableAntiforgery()
        .RequirePermission(Permission.AreasManage)
        .WithSummary("Import grid boundaries (GeoJSON FeatureCollection, properties code and name); all or nothing");
    }

    public static async Task<string> ExportAsync(GongzhiDb db, string code, CancellationToken ct)
    {
        var grids = await db.Areas().AsNoTracking()
            .Where(a => a.Level == AreaLevel.Grid && a.Boundary != null && a.Code.StartsWith(code))
            .OrderBy(a => a.Code).Select(a => new { a.Code, a.Name, a.Boundary, a.Households }).ToListAsync(ct);
        var collection = new FeatureCollection();
        foreach (var g in grids)
            collection.Add(new Feature(DemoAreas.Read(g.Boundary!), new AttributesTable { { "code", g.Code }, { "name", g.Name }, { "households", g.Households } }));
        return JsonSerializer.Serialize(collection, Json);
    }

    /// <summary>Reads the features one by one, so a broken geometry is reported for its feature, not for the file.</summary>
    public static async Task<List<Candidate>> ParseAsync(Stream body, CancellationToken ct)
    {
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(body, cancellationToken: ct); }
        catch (JsonException) { throw new DomainException("geo.json", "Not a GeoJSON FeatureCollection") { Status = 400 }; }
        using var _ = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "FeatureCollection"
            || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            throw new DomainException("geo.json", "Not a GeoJSON FeatureCollection") { Status = 400 };

        var list = new List<Candidate>();
        var i = 0;
        foreach (var f in features.EnumerateArray())
        {
            i++;
            var reasons = new List<string>();
            string code = "", name = "";
            if (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                code = props.TryGetProperty("code", out var c) ? c.ValueKind == JsonValueKind.String ? c.GetString()!.Trim() : c.GetRawText() : "";
                name = props.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : "";
            }
            Geometry? shape = null;
            if (f.ValueKind != JsonValueKind.Object || !f.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object) reasons.Add("geo.type");
            else
            {
                try { shape = g.Deserialize<Geometry>(Json); }
                catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException) { reasons.Add("geo.invalid"); }
                if (shape is not null and not (Polygon or MultiPolygon)) { reasons.Add("geo.type"); shape = null; }
            }
            list.Add(new Candidate(i, code, name, shape, reasons));
        }
        return list;
    }

    /// <summary>Checks every candidate (adding reasons); true when all pass.</summary>
    public static async Task<bool> ValidateAsync(GongzhiDb db, Caller caller, List<Candidate> features, CancellationToken ct)
    {
        var codes = features.Select(f => f.Code).ToList();
        var communities = codes.Where(c => c.Length == 15).Select(c => c[..12]).Distinct().ToList();
        var knownCommunities = await db.Areas().AsNoTracking().Where(a => communities.Contains(a.Code)).Select(a => a.Code).ToListAsync(ct);
        // Siblings already stored and not replaced by this file.
        var stored = await db.Areas().AsNoTracking()
            .Where(a => a.Level == AreaLevel.Grid && a.Boundary != null && communities.Contains(a.ParentCode!) && !codes.Contains(a.Code))
            .Select(a => new { a.Code, a.Boundary }).ToListAsync(ct);
        var counts = features.GroupBy(f => f.Code).ToDictionary(g => g.Key, g => g.Count());

        foreach (var f in features)
        {
            if (AreaCode.Validate(f.Code) is { } bad) f.Reasons.Add(bad);
            else if (AreaCode.LevelOf(f.Code) != AreaLevel.Grid) f.Reasons.Add("geo.code.level");
            else
            {
                if (!knownCommunities.Contains(f.Code[..12])) f.Reasons.Add("area.parent.unknown");
                if (!caller.Can(Permission.AreasManage, f.Code)) f.Reasons.Add("area.scope");
            }
            if (f.Name.Length == 0) f.Reasons.Add("area.name.required");
            else if (f.Name.Length > 100) f.Reasons.Add("area.name.length");
            if (counts[f.Code] > 1) f.Reasons.Add("import.duplicate");
            if (f.Shape is { } s)
            {
                if (s.Coordinates.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90)) f.Reasons.Add("geo.range");
                var error = new IsValidOp(s).ValidationError;
                if (error is not null)
                    f.Reasons.Add(error.ErrorType is TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection ? "geo.self_intersection" : "geo.invalid");
            }
        }

        // Overlaps between siblings (same community), among the file's valid shapes and against stored grids.
        var valid = features.Where(f => f.Shape is not null && !f.Reasons.Contains("geo.invalid") && !f.Reasons.Contains("geo.self_intersection") && f.Code.Length == 15).ToList();
        var storedShapes = stored.Select(s => (s.Code, Shape: DemoAreas.Read(s.Boundary!))).ToList();
        foreach (var f in valid)
        {
            var siblings = valid.Where(o => o != f && o.Code[..12] == f.Code[..12]).Select(o => (o.Code, Shape: o.Shape!))
                .Concat(storedShapes.Where(s => s.Code[..12] == f.Code[..12]));
            foreach (var (_, other) in siblings)
            {
                if (!f.Shape!.EnvelopeInternal.Intersects(other.EnvelopeInternal)) continue;
                var overlap = f.Shape.Intersection(other).Area;
                if (overlap > OverlapTolerance * Math.Min(f.Shape.Area, other.Area)) { f.Reasons.Add("geo.overlap"); break; }
            }
        }
        return features.All(f => f.Reasons.Count == 0);
    }

    public static async Task<Result> ImportAsync(GongzhiDb db, Caller caller, ChangeBus bus, List<Candidate> features, CancellationToken ct)
    {
        if (features.Count == 0) throw new DomainException("import.empty", "The file has no features") { Status = 400 };
        if (!await ValidateAsync(db, caller, features, ct))
            throw new RejectedRowsException("geo.rejected", [.. features.Where(f => f.Reasons.Count > 0).Select(f => new RejectedRow(f.Index, f.Code, f.Reasons.Distinct().ToList()))]);

        var codes = features.Select(f => f.Code).ToList();
        var existing = await db.Areas().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, ct);
        int created = 0, updated = 0;
        foreach (var f in features)
        {
            var boundary = DemoAreas.Write(f.Shape!);
            var centre = f.Shape!.InteriorPoint;
            if (existing.TryGetValue(f.Code, out var area))
            {
                area.Name = f.Name;
                area.Boundary = boundary;
                area.Lat = Math.Round(centre.Y, 6);
                area.Lng = Math.Round(centre.X, 6);
                area.Version = Guid.NewGuid();
                updated++;
            }
            else
            {
                db.Areas().Add(Area.New(f.Code, f.Name, boundary, Math.Round(centre.Y, 6), Math.Round(centre.X, 6)));
                created++;
            }
        }
        await db.SaveChangesAsync(ct);
        bus.Publish(GridLocator.GridsChanged);
        return new Result(created, updated);
    }
}
