using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>Places and things of the registry (RG-2): search, read, create, update, history, and the points as GeoJSON.</summary>
public static class Places
{
    /// <summary>
    /// A place as entered. The point (WGS-84) is required and located to its grid. The component code is either given in
    /// full (<see cref="Code"/>, 16 digits) or allocated from <see cref="Major"/> + <see cref="Minor"/> (the next serial
    /// in the grid's county); on an update, leaving all three out keeps the code.
    /// </summary>
    public sealed record Edit(
        PlaceKind Kind,
        [property: Required, MaxLength(100)] string Name,
        [property: Range(-180, 180)] double Lng,
        [property: Range(-90, 90)] double Lat,
        [property: MaxLength(16)] string? Code = null,
        [property: MaxLength(2)] string? Major = null,
        [property: MaxLength(2)] string? Minor = null,
        [property: MaxLength(18)] string? BuildingCode = null,
        [property: MaxLength(200)] string? Address = null,
        PlaceStatus Status = PlaceStatus.Normal,
        [property: MaxLength(64)] string? CameraPointId = null);

    public sealed record View(Guid Id, PlaceKind Kind, string Name, string Code, string Major, string Minor, double Lng, double Lat, string AreaCode,
        string AreaName, string? BuildingCode, string? Address, PlaceStatus Status, string? CameraPointId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public sealed record Filter(string? Q = null, PlaceKind? Kind = null, string? Major = null, string? Area = null, PlaceStatus? Status = null);

    public const string GeoJsonMediaType = "application/geo+json";

    static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(RouteGroupBuilder registry)
    {
        var places = registry.MapGroup("/places");
        places.MapGet("/", async ([AsParameters] PageRequest page, string? q, PlaceKind? kind, string? major, string? area, PlaceStatus? status,
                GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SearchAsync(db, caller, new(q, kind, major, area, status), page, ct)))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("Search places and things by name/code/address, kind, 大类 (01–06), area prefix or status");
        places.MapGet("/{id:guid}", async Task<Results<Ok<View>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await GetAsync(db, caller, id, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("One place or thing");
        places.MapPost("/", async (Edit body, GongzhiDb db, GridLocator locator, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveAsync(db, locator, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/registry/places/{v.Id}", v);
            })
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Add a place or thing: the point is located to its grid; a GB/T 30428.2 code is checked, or allocated from 大类 + 小类");
        places.MapPut("/{id:guid}", async (Guid id, Edit body, GongzhiDb db, GridLocator locator, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveAsync(db, locator, clock, caller, id, body, ct)))
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Update a place or thing (every change goes to its history)");
        places.MapGet("/{id:guid}/history", async Task<Results<Ok<List<People.HistoryEntry>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await HistoryAsync(db, caller, id, ct) is { } h ? TypedResults.Ok(h) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("Who changed what and when");
        places.MapGet("/categories", () => TypedResults.Ok(ComponentCode.Majors))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("The 大类 of GB/T 30428.2 (01 公用设施 … 06 其他设施)");
        registry.MapGet("/places.geojson", async (string? area, PlaceKind? kind, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Content(await GeoJsonAsync(db, caller, area, kind, ct), GeoJsonMediaType))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("The places in scope (under an area prefix) as a GeoJSON FeatureCollection of points");
    }

    internal static IQueryable<Place> Readable(GongzhiDb db, Caller caller) => db.Set<Place>().InScope(caller, Permission.RegistryRead);

    static IQueryable<Place> Filtered(GongzhiDb db, Caller caller, Filter f)
    {
        var query = Readable(db, caller).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var t = f.Q.Trim();
            query = query.Where(p => p.Name.Contains(t) || p.Code.StartsWith(t) || (p.Address != null && p.Address.Contains(t)));
        }
        if (f.Kind is { } kind) query = query.Where(p => p.Kind == kind);
        if (!string.IsNullOrWhiteSpace(f.Major)) { var t = f.Major.Trim(); query = query.Where(p => p.Major == t); }
        if (!string.IsNullOrWhiteSpace(f.Area)) { var t = f.Area.Trim(); query = query.Where(p => p.AreaCode.StartsWith(t)); }
        if (f.Status is { } status) query = query.Where(p => p.Status == status);
        return query;
    }

    public static async Task<Page<View>> SearchAsync(GongzhiDb db, Caller caller, Filter f, PageRequest page, CancellationToken ct)
    {
        var query = Filtered(db, caller, f);
        var total = await query.CountAsync(ct);
        return new(await ViewsAsync(db, query.OrderBy(p => p.Code).Skip(page.Skip).Take(page.PageSize), ct), total, page.Page, page.PageSize);
    }

    static async Task<List<View>> ViewsAsync(GongzhiDb db, IQueryable<Place> query, CancellationToken ct)
    {
        var rows = await query.ToListAsync(ct);
        var names = await AreaNames.PathNamesAsync(db, rows.Select(r => r.AreaCode).Distinct(), ct);
        return [.. rows.Select(p => ViewOf(p, names))];
    }

    static View ViewOf(Place p, Dictionary<string, string> names) => new(p.Id, p.Kind, p.Name, p.Code, p.Major, p.Code.Length >= 10 ? p.Code[8..10] : "",
        p.Lng, p.Lat, p.AreaCode, names.GetValueOrDefault(p.AreaCode, p.AreaCode), p.BuildingCode, p.Address, p.Status, p.CameraPointId, p.CreatedAt, p.UpdatedAt);

    public static async Task<View?> GetAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        (await ViewsAsync(db, Readable(db, caller).AsNoTracking().Where(p => p.Id == id), ct)).SingleOrDefault();

    public static async Task<View> SaveAsync(GongzhiDb db, GridLocator locator, TimeProvider clock, Caller caller, Guid? id, Edit body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var place = id is { } existingId
            ? await db.Set<Place>().InScope(caller, Permission.RegistryWrite).SingleOrDefaultAsync(p => p.Id == existingId, ct)
                ?? throw new DomainException("not_found", "No such place") { Status = 404 }
            : null;

        var name = body.Name.Trim();
        if (name.Length == 0) throw new DomainException("registry.name", "The name is required");
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("registry.place.kind", "Unknown kind of place") { Status = 400 };
        if (!Enum.IsDefined(body.Status)) throw new DomainException("registry.place.status", "Unknown status") { Status = 400 };
        var grid = (await locator.LocateAsync(body.Lat, body.Lng, ct))?.Grid.Code
            ?? throw new DomainException("registry.point.outside", "The point is not inside any grid", body.Lng, body.Lat) { Status = 400 };
        if (!caller.Can(Permission.RegistryWrite, grid)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        string? building = null;
        if (!string.IsNullOrWhiteSpace(body.BuildingCode))
        {
            building = body.BuildingCode.Trim();
            if (building.Length != 18 || !await AreaNames.ExistsAsync(db, building, ct))
                throw new DomainException("registry.building", "Name a known building (18 digits)", building) { Status = 400 };
            if (!building.StartsWith(grid, StringComparison.Ordinal))
                throw new DomainException("registry.place.building", "The building is not in the grid the point lies in", building, grid);
        }

        // The code: given in full, allocated from 大类 + 小类, or (on an update with neither) kept.
        var county = grid[..6];
        ComponentCode? given = null;
        (string Major, string Minor)? allocate = null;
        if (!string.IsNullOrWhiteSpace(body.Code))
        {
            if (!ComponentCode.TryParse(body.Code, out var parsed, out var problem))
                throw new DomainException("registry.place.code." + problem.ToString()!.ToLowerInvariant(), "The component code is not valid: " + problem, body.Code.Trim());
            if (parsed.County != county)
                throw new DomainException("registry.place.code.county", "The code's county is not the county the point lies in", parsed.County, county);
            given = parsed;
        }
        else if (!string.IsNullOrWhiteSpace(body.Major) || !string.IsNullOrWhiteSpace(body.Minor))
        {
            var (major, minor) = (body.Major?.Trim(), body.Minor?.Trim());
            if (ComponentCode.ValidateClass(major, minor) is { } problem)
                throw new DomainException("registry.place.code." + problem.ToString().ToLowerInvariant(), "The 大类/小类 is not valid: " + problem, $"{major}{minor}");
            if (place is null || place.Code[..10] != county + major + minor) allocate = (major!, minor!);
        }
        else if (place is null) throw new DomainException("registry.place.code.missing", "Give the component code, or its 大类 and 小类");
        else if (place.Code[..6] != county)
            throw new DomainException("registry.place.code.county", "The code's county is not the county the point lies in", place.Code[..6], county);
        if (!await AreaNames.ExistsAsync(db, county, ct))
            throw new DomainException("registry.place.code.county", "The code's county is not a known county or district", county, county);
        if (given is { } g && await db.Set<Place>().AsNoTracking().AnyAsync(p => p.Code == g.ToString() && p.Id != (id ?? Guid.Empty), ct))
            throw Duplicate(g.ToString());

        if (place is null)
        {
            place = new Place { Name = name, Code = "", Major = "", AreaCode = grid, CreatedAt = now };
            db.Add(place);
        }
        place.Kind = body.Kind;
        place.Name = name;
        if (given is { } code) (place.Code, place.Major) = (code.ToString(), code.Major);
        place.Lng = body.Lng;
        place.Lat = body.Lat;
        place.AreaCode = grid;
        place.BuildingCode = building;
        place.Address = string.IsNullOrWhiteSpace(body.Address) ? null : body.Address.Trim();
        place.Status = body.Status;
        place.CameraPointId = string.IsNullOrWhiteSpace(body.CameraPointId) ? null : body.CameraPointId.Trim();
        place.UpdatedAt = now;
        place.Version = Guid.NewGuid();
        for (var attempt = 0; ; attempt++)
        {
            if (allocate is var (mj, mn)) (place.Code, place.Major) = (await NextCodeAsync(db, county, mj, mn, ct), mj);
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && (allocate is not null && attempt < 9 || given is not null))
            {
                if (given is not null) throw Duplicate(place.Code); // the same code entered at the same moment elsewhere
                // Another place took the serial at the same moment: drop this attempt's audit rows and take the next one.
                foreach (var audit in db.ChangeTracker.Entries<Platform.Audit.AuditEntry>().Where(a => a.State == EntityState.Added).ToList())
                    audit.State = EntityState.Detached;
            }
        }
        return ViewOf(place, await AreaNames.PathNamesAsync(db, [place.AreaCode], ct));
    }

    /// <summary>The next free code under county + 大类 + 小类 (the highest stored serial plus one; the unique index settles races).</summary>
    public static async Task<string> NextCodeAsync(GongzhiDb db, string county, string major, string minor, CancellationToken ct)
    {
        var prefix = county + major + minor;
        var last = await db.Set<Place>().AsNoTracking().Where(p => p.Code.StartsWith(prefix)).OrderByDescending(p => p.Code).Select(p => p.Code).FirstOrDefaultAsync(ct);
        try
        {
            return ComponentCode.Next(county, major, minor, last).ToString();
        }
        catch (InvalidOperationException)
        {
            throw DomainException.Conflict("registry.place.code.full", "No serial left under this county and class", prefix);
        }
    }

    static DomainException Duplicate(string code) => DomainException.Conflict("registry.place.code.duplicate", "This component code is already registered", code);

    public static async Task<List<People.HistoryEntry>?> HistoryAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        await Readable(db, caller).AnyAsync(p => p.Id == id, ct) ? await RegistryHistory.OfAsync(db, nameof(Place), id, ct) : null;

    /// <summary>The places in scope under <paramref name="area"/> as a FeatureCollection of points ([lng, lat], WGS-84).</summary>
    public static async Task<string> GeoJsonAsync(GongzhiDb db, Caller caller, string? area, PlaceKind? kind, CancellationToken ct)
    {
        var rows = await Filtered(db, caller, new(Kind: kind, Area: area)).OrderBy(p => p.Code)
            .Select(p => new { p.Id, p.Kind, p.Name, p.Code, p.Major, p.Status, p.AreaCode, p.Lng, p.Lat }).ToListAsync(ct);
        var features = new JsonArray();
        foreach (var p in rows)
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = p.Id.ToString(),
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(p.Lng, p.Lat) },
                ["properties"] = new JsonObject
                {
                    ["name"] = p.Name, ["kind"] = p.Kind.ToString(), ["code"] = p.Code, ["major"] = p.Major, ["status"] = p.Status.ToString(), ["areaCode"] = p.AreaCode,
                },
            });
        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString(Json);
    }
}
