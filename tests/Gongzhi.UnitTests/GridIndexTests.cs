using Gongzhi.Web.Modules.Areas;
using Gongzhi.Web.Modules.Areas.Public;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Gongzhi.UnitTests;

public sealed class GridIndexTests
{
    static readonly AreaRef Nobody = new("", "");
    static GridLocation At(string code) => new(new(code, code), Nobody, Nobody, Nobody);

    static readonly List<Area> Demo = DemoAreas.Generate(DemoAreas.ReadDivisions(DemoAreas.DivisionFile(AppContext.BaseDirectory, "320105")));
    static readonly List<(string Code, Geometry Shape)> Grids = [.. Demo.Where(a => a.Level == AreaLevel.Grid).Select(g => (g.Code, DemoAreas.Read(g.Boundary!)))];
    static readonly GridIndex Index = new(Grids.Select(g => (At(g.Code), g.Shape)));

    [Fact]
    public void Every_building_is_found_in_its_own_grid()
    {
        foreach (var b in Demo.Where(a => a.Level == AreaLevel.Building))
            Index.Locate(b.Lng!.Value, b.Lat!.Value)?.Grid.Code.Should().Be(b.ParentCode, b.Code);
    }

    [Fact]
    public void The_index_agrees_with_a_naive_scan_on_random_points()
    {
        var rnd = new Random(7);
        var factory = new GeometryFactory();
        for (var i = 0; i < 20_000; i++)
        {
            // Over and around the district, so that points outside every grid are tried too.
            double x = 118.64 + rnd.NextDouble() * 0.16, y = 31.93 + rnd.NextDouble() * 0.16;
            var point = factory.CreatePoint(new Coordinate(x, y));
            var naive = Grids.Where(g => g.Shape.Covers(point)).Select(g => g.Code).ToList();
            var found = Index.Locate(x, y)?.Grid.Code;
            if (naive.Count == 0) found.Should().BeNull($"({x}, {y}) lies in no grid");
            else naive.Should().Contain(found!, $"({x}, {y})");
        }
    }

    [Fact]
    public void Holes_and_multipolygons_are_respected()
    {
        var reader = new WKTReader();
        var index = new GridIndex(
        [
            (At("ring"), reader.Read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))")),
            (At("islands"), reader.Read("MULTIPOLYGON (((20 0, 22 0, 22 2, 20 2, 20 0)), ((30 0, 32 0, 32 2, 30 2, 30 0)))")),
        ]);
        index.Locate(1, 1)?.Grid.Code.Should().Be("ring");
        index.Locate(5, 5).Should().BeNull("the point is in the hole");
        index.Locate(31, 1)?.Grid.Code.Should().Be("islands");
        index.Locate(25, 1).Should().BeNull("the point is between the islands");
        index.Locate(-1, 5).Should().BeNull();
        index.Locate(double.NaN, 5).Should().BeNull();
        new GridIndex([]).Locate(1, 1).Should().BeNull();
    }
}
