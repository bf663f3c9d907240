using BenchmarkDotNet.Attributes;
using Gongzhi.Web.Modules.Areas;
using Gongzhi.Web.Modules.Areas.Public;
using NetTopologySuite.Geometries;

namespace Gongzhi.Benchmarks;

/// <summary>
/// Point → grid over the demo district's 768 grids: the STRtree index the app uses against a naive scan that tests
/// every polygon in turn. Each operation is one lookup of a point taken from a fixed pseudo-random set inside the
/// district (some fall on no grid, as real reports do).
/// </summary>
[MemoryDiagnoser]
public class LocateBenchmarks
{
    const int Points = 4096;
    GridIndex _index = default!;
    (string Code, Geometry Shape)[] _grids = [];
    Coordinate[] _points = [];
    Point[] _geometries = [];
    int _i;

    [GlobalSetup]
    public void Setup()
    {
        var file = DemoAreas.DivisionFile(AppContext.BaseDirectory, "320105");
        var areas = DemoAreas.Generate(DemoAreas.ReadDivisions(file)).Where(a => a.Level == AreaLevel.Grid).ToList();
        _grids = [.. areas.Select(a => (a.Code, DemoAreas.Read(a.Boundary!)))];
        var r = new AreaRef("", "");
        _index = new GridIndex(_grids.Select(g => (new GridLocation(new(g.Code, ""), r, r, r), g.Shape)));
        var rnd = new Random(42);
        _points = [.. Enumerable.Range(0, Points).Select(_ => new Coordinate(118.66 + rnd.NextDouble() * 0.12, 31.95 + rnd.NextDouble() * 0.12))];
        var factory = new GeometryFactory(new PrecisionModel(), 4326);
        _geometries = [.. _points.Select(factory.CreatePoint)];
    }

    [Benchmark(Baseline = true, Description = "naive scan of every polygon")]
    public string? NaiveScan()
    {
        var p = _geometries[_i++ & (Points - 1)];
        foreach (var (code, shape) in _grids)
            if (shape.Covers(p)) return code;
        return null;
    }

    [Benchmark(Description = "STRtree-filled bucket grid + ring test")]
    public string? StrTree()
    {
        var c = _points[_i++ & (Points - 1)];
        return _index.Locate(c.X, c.Y)?.Grid.Code;
    }
}
