using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
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
/// An immutable point → grid index, safe for concurrent readers, allocation-free per lookup. An STRtree holds the
/// grids' envelopes; from it a uniform bucket grid over all grids is filled once (each cell keeps the few grids whose
/// envelope touches it), so a lookup is one array index plus an even-odd ray-crossing test over the candidates' rings,
/// held as flat arrays.
/// </summary>
public sealed class GridIndex
{
    /// <summary>A grid: its location, envelope and rings (shell first, then holes) of each polygon part as x,y pairs.</summary>
    sealed record Entry(GridLocation Location, Envelope Envelope, double[][][] Parts);

    static readonly Entry[] None = [];
    readonly STRtree<Entry> _tree = new();
    readonly Entry[][] _cells = [];
    readonly double _minX, _minY, _cellW, _cellH;
    readonly int _cols, _rows;

    public GridIndex(IEnumerable<(GridLocation Location, Geometry Shape)> grids)
    {
        var bounds = new Envelope();
        foreach (var (location, shape) in grids)
        {
            Count++;
            var parts = Enumerable.Range(0, shape.NumGeometries).Select(i => (Polygon)shape.GetGeometryN(i))
                .Select(p => new[] { p.Shell }.Concat(p.Holes).Select(Flat).ToArray()).ToArray();
            _tree.Insert(shape.EnvelopeInternal, new Entry(location, shape.EnvelopeInternal, parts));
            bounds.ExpandToInclude(shape.EnvelopeInternal);
        }
        _tree.Build();
        if (Count == 0) return;

        // About 16 cells per grid (at most 1 M cells), shaped like the area they cover.
        var cells = Math.Clamp(16.0 * Count, 1, 1 << 20);
        var aspect = Math.Max(bounds.Width, 1e-9) / Math.Max(bounds.Height, 1e-9);
        _cols = Math.Max(1, (int)Math.Round(Math.Sqrt(cells * aspect)));
        _rows = Math.Max(1, (int)Math.Round(cells / _cols));
        (_minX, _minY) = (bounds.MinX, bounds.MinY);
        _cellW = Math.Max(bounds.Width, 1e-9) / _cols;
        _cellH = Math.Max(bounds.Height, 1e-9) / _rows;
        _cells = new Entry[_cols * _rows][];
        for (var r = 0; r < _rows; r++)
            for (var c = 0; c < _cols; c++)
            {
                var cell = new Envelope(_minX + c * _cellW, _minX + (c + 1) * _cellW, _minY + r * _cellH, _minY + (r + 1) * _cellH);
                var hits = _tree.Query(cell);
                _cells[r * _cols + c] = hits.Count == 0 ? None : [.. hits];
            }
    }

    static double[] Flat(LineString ring)
    {
        var xy = new double[ring.NumPoints * 2];
        for (var i = 0; i < ring.NumPoints; i++)
        {
            var c = ring.GetCoordinateN(i);
            xy[2 * i] = c.X;
            xy[2 * i + 1] = c.Y;
        }
        return xy;
    }

    public int Count { get; }

    public GridLocation? Locate(double lng, double lat)
    {
        if (Count == 0 || !double.IsFinite(lng) || !double.IsFinite(lat)) return null;
        var c = (int)((lng - _minX) / _cellW);
        var r = (int)((lat - _minY) / _cellH);
        if (c == _cols && lng <= _minX + _cols * _cellW) c--; // a point on the far edge belongs to the last cell
        if (r == _rows && lat <= _minY + _rows * _cellH) r--;
        if ((uint)c >= (uint)_cols || (uint)r >= (uint)_rows) return null;
        foreach (var entry in _cells[r * _cols + c])
            if (entry.Envelope.Covers(lng, lat) && Covers(entry, lng, lat)) return entry.Location;
        return null;
    }

    /// <summary>Even-odd rule: inside a part's shell and in none of its holes.</summary>
    static bool Covers(Entry entry, double x, double y)
    {
        foreach (var rings in entry.Parts)
        {
            if (!InRing(rings[0], x, y)) continue;
            var inHole = false;
            for (var h = 1; h < rings.Length && !inHole; h++) inHole = InRing(rings[h], x, y);
            if (!inHole) return true;
        }
        return false;
    }

    static bool InRing(double[] xy, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = xy.Length - 2; i < xy.Length; j = i, i += 2)
        {
            double xi = xy[i], yi = xy[i + 1], xj = xy[j], yj = xy[j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }
}
