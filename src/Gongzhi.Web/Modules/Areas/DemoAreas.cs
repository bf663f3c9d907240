using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>
/// The demo district: real streets and communities (data/divisions/{district}.csv, 2023 统计用区划代码) with synthetic
/// but deterministic grids and buildings (real boundaries are not public). Streets and communities are laid out as
/// rectangles; each community is cut into 12 grids by a lattice whose inner points are jittered, so grids tile the
/// community exactly and look like city blocks; each grid gets 300–500 households and 6–10 buildings inside it.
/// </summary>
public static class DemoAreas
{
    public const int GridColumns = 4, GridRows = 3;
    static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() }, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // 建邺区 roughly spans 118.66–118.78 E, 31.95–32.07 N.
    const double West = 118.66, South = 31.95, Width = 0.12, Height = 0.12;

    public static string DivisionFile(string contentRoot, string district)
    {
        foreach (var dir in new[] { Path.Combine(AppContext.BaseDirectory, "data", "divisions"), Path.Combine(contentRoot, "..", "..", "data", "divisions") })
        {
            var path = Path.Combine(dir, district + ".csv");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"No division file for district {district} under data/divisions/");
    }

    public static IReadOnlyList<(string Code, string Name)> ReadDivisions(string path) =>
        [.. File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',', 2)).Select(p => (p[0].Trim(), p[1].Trim()))];

    /// <summary>Every area of the district: district, streets, communities, grids, buildings.</summary>
    public static List<Area> Generate(IReadOnlyList<(string Code, string Name)> divisions)
    {
        var district = divisions.Single(d => d.Code.Length == 6);
        var streets = divisions.Where(d => d.Code.Length == 9).OrderBy(d => d.Code).ToList();
        var result = new List<Area>();
        var districtBox = new Envelope(West, West + Width, South, South + Height);
        result.Add(Area.New(district.Code, district.Name, Write(Rect(districtBox)), districtBox.Centre.Y, districtBox.Centre.X));

        foreach (var (streetBox, street) in Split(districtBox, streets.Count).Zip(streets))
        {
            result.Add(Area.New(street.Code, street.Name, Write(Rect(streetBox)), streetBox.Centre.Y, streetBox.Centre.X));
            var communities = divisions.Where(d => d.Code.Length == 12 && d.Code.StartsWith(street.Code, StringComparison.Ordinal)).OrderBy(d => d.Code).ToList();
            foreach (var (box, community) in Split(streetBox, communities.Count).Zip(communities))
            {
                result.Add(Area.New(community.Code, community.Name, Write(Rect(box)), box.Centre.Y, box.Centre.X));
                result.AddRange(Grids(community.Code, AreaCode.ShortName(community.Name), box));
            }
        }
        return result;
    }

    /// <summary>Cuts a box into <paramref name="n"/> cells, row by row, as square as possible.</summary>
    static IEnumerable<Envelope> Split(Envelope box, int n)
    {
        if (n == 0) yield break;
        var cols = (int)Math.Ceiling(Math.Sqrt(n));
        var rows = (int)Math.Ceiling(n / (double)cols);
        var w = box.Width / cols;
        var h = box.Height / rows;
        for (var i = 0; i < n; i++)
        {
            int c = i % cols, r = i / cols;
            var top = box.MaxY - r * h;
            // Rounded like the grid lattice, so grids tile their community to the last digit.
            yield return new Envelope(Math.Round(box.MinX + c * w, 6), Math.Round(box.MinX + (c + 1) * w, 6), Math.Round(top - h, 6), Math.Round(top, 6));
        }
    }

    static IEnumerable<Area> Grids(string communityCode, string communityName, Envelope box)
    {
        var rnd = new Random(int.Parse(communityCode.AsSpan(6), CultureInfo.InvariantCulture));
        var dx = box.Width / GridColumns;
        var dy = box.Height / GridRows;
        // Lattice points; inner ones jitter in both directions, edge ones only along their edge, corners stay.
        var p = new Coordinate[GridColumns + 1, GridRows + 1];
        for (var i = 0; i <= GridColumns; i++)
            for (var j = 0; j <= GridRows; j++)
            {
                var jx = i is 0 || i == GridColumns ? 0 : (rnd.NextDouble() - 0.5) * 0.5 * dx;
                var jy = j is 0 || j == GridRows ? 0 : (rnd.NextDouble() - 0.5) * 0.5 * dy;
                p[i, j] = new Coordinate(Math.Round(box.MinX + i * dx + jx, 6), Math.Round(box.MinY + j * dy + jy, 6));
            }

        var n = 0;
        for (var j = GridRows - 1; j >= 0; j--)
            for (var i = 0; i < GridColumns; i++)
            {
                n++;
                var code = communityCode + n.ToString("000", CultureInfo.InvariantCulture);
                // Counter-clockwise exterior ring, as RFC 7946 asks.
                Coordinate[] ring = [p[i, j], p[i + 1, j], p[i + 1, j + 1], p[i, j + 1], p[i, j]];
                var polygon = Factory.CreatePolygon(ring);
                var households = 300 + rnd.Next(201);
                var centre = polygon.Centroid;
                yield return Area.New(code, $"{communityName}第{n}网格", Write(polygon), Math.Round(centre.Y, 6), Math.Round(centre.X, 6), households);

                var buildings = 6 + rnd.Next(5);
                var left = households;
                for (var b = 1; b <= buildings; b++)
                {
                    // A bilinear point with u, v in [0.15, 0.85] lies inside the convex quad.
                    double u = 0.15 + 0.7 * rnd.NextDouble(), v = 0.15 + 0.7 * rnd.NextDouble();
                    var x = (1 - u) * (1 - v) * ring[0].X + u * (1 - v) * ring[1].X + u * v * ring[2].X + (1 - u) * v * ring[3].X;
                    var y = (1 - u) * (1 - v) * ring[0].Y + u * (1 - v) * ring[1].Y + u * v * ring[2].Y + (1 - u) * v * ring[3].Y;
                    var share = b == buildings ? left : households / buildings;
                    left -= share;
                    yield return Area.New(code + b.ToString("000", CultureInfo.InvariantCulture), $"{n}-{b}栋", null, Math.Round(y, 6), Math.Round(x, 6), share);
                }
            }
    }

    static Polygon Rect(Envelope e) => Factory.CreatePolygon(
    [
        new(e.MinX, e.MinY), new(e.MaxX, e.MinY), new(e.MaxX, e.MaxY), new(e.MinX, e.MaxY), new(e.MinX, e.MinY),
    ]);

    public static string Write(Geometry g) => JsonSerializer.Serialize(g, GeoJson);

    public static Geometry Read(string geoJson) => JsonSerializer.Deserialize<Geometry>(geoJson, GeoJson)
        ?? throw new JsonException("Empty geometry");
}
