using System.Text;
using Gongzhi.Web.Modules.Areas;
using NetTopologySuite.Geometries;

namespace Gongzhi.UnitTests;

public sealed class GeoTests
{
    static readonly List<Area> Demo = DemoAreas.Generate(DemoAreas.ReadDivisions(DemoAreas.DivisionFile(AppContext.BaseDirectory, "320105")));

    [Fact]
    public void The_demo_district_has_its_real_streets_and_communities()
    {
        Demo.Count(a => a.Level == AreaLevel.Street).Should().Be(6);
        Demo.Count(a => a.Level == AreaLevel.Community).Should().Be(64);
        Demo.Single(a => a.Code == "320105001").Name.Should().Be("莫愁湖街道");
        Demo.Count(a => a.Level == AreaLevel.Grid).Should().Be(64 * 12);
        Demo.Where(a => a.Level == AreaLevel.Grid).Should().OnlyContain(g => g.Households >= 300 && g.Households <= 500);
    }

    [Fact]
    public void Grids_tile_each_community_without_overlap()
    {
        foreach (var community in Demo.Where(a => a.Level == AreaLevel.Community))
        {
            var shape = DemoAreas.Read(community.Boundary!);
            var grids = Demo.Where(a => a.ParentCode == community.Code).Select(g => DemoAreas.Read(g.Boundary!)).ToList();
            grids.Should().OnlyContain(g => g.IsValid);
            grids.Sum(g => g.Area).Should().BeApproximately(shape.Area, shape.Area * 1e-6);
            for (var i = 0; i < grids.Count; i++)
                for (var j = i + 1; j < grids.Count; j++)
                    grids[i].Intersection(grids[j]).Area.Should().BeLessThan(1e-12);
        }
    }

    [Fact]
    public void Buildings_lie_inside_their_grid()
    {
        var grids = Demo.Where(a => a.Level == AreaLevel.Grid).ToDictionary(a => a.Code, a => DemoAreas.Read(a.Boundary!));
        foreach (var b in Demo.Where(a => a.Level == AreaLevel.Building))
            grids[b.ParentCode!].Contains(new Point(b.Lng!.Value, b.Lat!.Value)).Should().BeTrue(b.Code);
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var again = DemoAreas.Generate(DemoAreas.ReadDivisions(DemoAreas.DivisionFile(AppContext.BaseDirectory, "320105")));
        again.Select(a => (a.Code, a.Boundary, a.Households)).Should().Equal(Demo.Select(a => (a.Code, a.Boundary, a.Households)));
    }

    static async Task<List<GridBoundaries.Candidate>> Parse(string json) =>
        await GridBoundaries.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), default);

    [Fact]
    public async Task A_feature_with_a_broken_or_wrong_geometry_gets_its_own_reason()
    {
        var parsed = await Parse("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"code":"320105001001001","name":"A"},"geometry":{"type":"Point","coordinates":[118.7,32.0]}},
              {"type":"Feature","properties":{"code":"320105001001002","name":"B"},"geometry":{"type":"Polygon","coordinates":[[[118.7,32.0],[118.71,32.0]]]}},
              {"type":"Feature","properties":{"code":"320105001001003","name":"C"},"geometry":{"type":"Polygon","coordinates":[[[118.7,32.0],[118.71,32.0],[118.71,32.01],[118.7,32.0]]]}}
            ]}
            """);
        parsed.Select(p => p.Reasons.FirstOrDefault()).Should().Equal("geo.type", "geo.invalid", null);
        parsed[2].Shape.Should().BeOfType<Polygon>();
    }

    [Fact]
    public async Task Something_that_is_not_a_feature_collection_is_refused_whole()
    {
        var act = () => Parse("""{"type":"Feature","geometry":null}""");
        (await act.Should().ThrowAsync<Gongzhi.Web.Platform.Http.DomainException>()).Which.Code.Should().Be("geo.json");
    }
}
