using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Gongzhi.Web.Modules.Areas.Public;

/// <summary>An area's code and name.</summary>
public sealed record AreaRef(string Code, string Name);

/// <summary>The grid a point lies in, with its community, street and district.</summary>
public sealed record GridLocation(AreaRef Grid, AreaRef Community, AreaRef Street, AreaRef District);

/// <summary>
/// Point → grid in memory: an STRtree over every grid polygon (prepared for fast point tests), built lazily from the
/// database and dropped whenever grids change (topic <see cref="GridsChanged"/>), so the next lookup sees the change.
/// Other modules (cases, registry) use it to place a report or a building in its grid.
/// </summary>
public sealed class GridLocator
{
    public const string GridsChanged = "areas.grids";

    readonly IServiceScopeFactory _scopes;
    readonly SemaphoreSlim _gate = new(1, 1);
    volatile GridIndex? _index;

    public GridLocator(IServiceScopeFactory scopes, ChangeBus bus)
    {
        _scopes = scopes;
        bus.Subscribe(GridsChanged, _ => _index = null);
    }

    /// <summary>The grid containing (lat, lng) in WGS84, or null when the point is outside every grid.</summary>
    public async Task<GridLocation?> LocateAsync(double lat, double lng, CancellationToken ct = default) =>
        (await IndexAsync(ct)).Locate(lng, lat);

    public async Task<GridIndex> IndexAsync(CancellationToken ct = default)
    {
        if (_index is { } ready) return ready;
        await _gate.WaitAsync(ct);
        try
        {
            if (_index is { } built) return built;
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            var areas = db.Set<Area>().AsNoTracking();
            var grids = await areas.Where(a => a.Level == AreaLevel.Grid && a.Boundary != null)
                .Select(a => new { a.Code, a.Name, a.Boundary }).ToListAsync(ct);
            var names = await areas.Where(a => a.Level < AreaLevel.Grid).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
            string NameOf(string code) => names.TryGetValue(code, out var n) ? n : code;
            var index = new GridIndex(grids.Select(g =>
            {
                var community = g.Code[..12];
                return (new GridLocation(new(g.Code, g.Name), new(community, NameOf(community)), new(g.Code[..9], NameOf(g.Code[..9])), new(g.Code[..6], NameOf(g.Code[..6]))),
                    DemoAreas.Read(g.Boundary!));
            }));
            _index = index;
            return index;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>An immutable STRtree of prepared grid polygons.</summary>
public sealed class GridIndex
{
    readonly STRtree<(GridLocation Location, IPreparedGeometry Shape)> _tree = new();

    public GridIndex(IEnumerable<(GridLocation Location, Geometry Shape)> grids)
    {
        foreach (var (location, shape) in grids)
        {
            Count++;
            _tree.Insert(shape.EnvelopeInternal, (location, PreparedGeometryFactory.Prepare(shape)));
        }
        _tree.Build();
    }

    public int Count { get; }

    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    public GridLocation? Locate(double lng, double lat)
    {
        var point = Factory.CreatePoint(new Coordinate(lng, lat));
        // Covers, not Contains: a point on a shared edge still belongs to a grid (the first one found).
        foreach (var candidate in _tree.Query(point.EnvelopeInternal))
            if (candidate.Shape.Covers(point)) return candidate.Location;
        return null;
    }
}
