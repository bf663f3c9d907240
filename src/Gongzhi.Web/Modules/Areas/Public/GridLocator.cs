using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Index;
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
        bus.Subscribe(Topics.Reconnected, _ => _index = null);
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

/// <summary>
/// An immutable STRtree over the grid polygons; each polygon carries an indexed point-in-area locator, so a lookup
/// allocates almost nothing and tests a point against a handful of edges instead of the whole ring.
/// </summary>
public sealed class GridIndex
{
    sealed record Entry(GridLocation Location, Envelope Envelope, IPointOnGeometryLocator Locator);

    readonly STRtree<Entry> _tree = new();

    public GridIndex(IEnumerable<(GridLocation Location, Geometry Shape)> grids)
    {
        foreach (var (location, shape) in grids)
        {
            Count++;
            var locator = new IndexedPointInAreaLocator(shape);
            locator.Locate(shape.EnvelopeInternal.Centre); // builds the locator's own index now, not racing on first use
            _tree.Insert(shape.EnvelopeInternal, new Entry(location, shape.EnvelopeInternal, locator));
        }
        _tree.Build();
    }

    public int Count { get; }

    public GridLocation? Locate(double lng, double lat)
    {
        var hit = new FirstHit(new Coordinate(lng, lat));
        _tree.Query(new Envelope(hit.Point), hit);
        return hit.Found;
    }

    /// <summary>Keeps the first grid whose polygon covers the point (a point on a shared edge belongs to one of them).</summary>
    sealed class FirstHit(Coordinate point) : IItemVisitor<Entry>
    {
        public Coordinate Point { get; } = point;
        public GridLocation? Found { get; private set; }

        public void VisitItem(Entry item)
        {
            if (Found is null && item.Envelope.Covers(Point) && item.Locator.Locate(Point) != Location.Exterior) Found = item.Location;
        }
    }
}
