using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Areas.Public;

/// <summary>Names and existence of areas by code, for other modules.</summary>
public static class AreaNames
{
    public static async Task<Dictionary<string, string>> GetAsync(GongzhiDb db, IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.Set<Area>().AsNoTracking().Where(a => list.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
    }

    /// <summary>Every grid under <paramref name="prefix"/> with its centre point.</summary>
    public static async Task<List<(string Code, double Lat, double Lng)>> GridPointsAsync(GongzhiDb db, string prefix, CancellationToken ct) =>
        [.. (await db.Set<Area>().AsNoTracking().Where(a => a.Level == AreaLevel.Grid && a.Code.StartsWith(prefix) && a.Lat != null && a.Lng != null)
            .OrderBy(a => a.Code).Select(a => new { a.Code, a.Lat, a.Lng }).ToListAsync(ct)).Select(a => (a.Code, a.Lat!.Value, a.Lng!.Value))];

    /// <summary>The point of an area (a building's entrance, a grid's centre), when it has one.</summary>
    public static async Task<(double Lat, double Lng)?> PointAsync(GongzhiDb db, string code, CancellationToken ct) =>
        await db.Set<Area>().AsNoTracking().Where(a => a.Code == code && a.Lat != null && a.Lng != null).Select(a => new { a.Lat, a.Lng }).FirstOrDefaultAsync(ct)
            is { } p ? (p.Lat!.Value, p.Lng!.Value) : null;

    /// <summary>The grids under <paramref name="prefix"/> with their boundaries, as a GeoJSON FeatureCollection (properties code, name, households).</summary>
    public static Task<string> GridsGeoJsonAsync(GongzhiDb db, string prefix, CancellationToken ct) => GridBoundaries.ExportAsync(db, prefix, ct);

    /// <summary>Whether the area tree has this code (any level).</summary>
    public static Task<bool> ExistsAsync(GongzhiDb db, string code, CancellationToken ct) => db.Set<Area>().AnyAsync(a => a.Code == code, ct);

    /// <summary>The building codes under <paramref name="prefix"/>, in code order.</summary>
    public static Task<List<string>> BuildingsAsync(GongzhiDb db, string prefix, CancellationToken ct) =>
        db.Set<Area>().AsNoTracking().Where(a => a.Level == AreaLevel.Building && a.Code.StartsWith(prefix)).OrderBy(a => a.Code).Select(a => a.Code).ToListAsync(ct);

    /// <summary>The grid (15-digit) and building (18-digit) codes under <paramref name="prefix"/>, for bulk checks.</summary>
    public static Task<List<string>> GridAndBuildingCodesAsync(GongzhiDb db, string prefix, CancellationToken ct) =>
        db.Set<Area>().AsNoTracking().Where(a => (a.Level == AreaLevel.Grid || a.Level == AreaLevel.Building) && a.Code.StartsWith(prefix)).Select(a => a.Code).ToListAsync(ct);

    public static Task<bool> IsGridAsync(GongzhiDb db, string code, CancellationToken ct) =>
        db.Set<Area>().AnyAsync(a => a.Code == code && a.Level == AreaLevel.Grid, ct);

    /// <summary>Grid code → (community, street) names for display, from the grid codes' prefixes.</summary>
    public static async Task<Dictionary<string, string>> PathNamesAsync(GongzhiDb db, IEnumerable<string> gridCodes, CancellationToken ct)
    {
        var grids = gridCodes.Distinct().ToList();
        var names = await GetAsync(db, grids.SelectMany(g => new[] { g, g.Length >= 12 ? g[..12] : g, g.Length >= 9 ? g[..9] : g }), ct);
        return grids.ToDictionary(g => g, g => string.Join(" / ", new[] { g.Length >= 9 ? g[..9] : null, g.Length >= 12 ? g[..12] : null, g }
            .OfType<string>().Distinct().Select(c => names.TryGetValue(c, out var n) ? AreaCode.ShortName(n) : c)));
    }

    /// <summary>An area as other modules see it: code (its length is its level), name, households.</summary>
    public sealed record AreaItem(string Code, string Name, int Households);

    /// <summary>Every area under <paramref name="prefix"/> (the prefix itself included), in code order.</summary>
    public static async Task<List<AreaItem>> UnderAsync(GongzhiDb db, string prefix, CancellationToken ct) =>
        await db.Set<Area>().AsNoTracking().Where(a => a.Code.StartsWith(prefix)).OrderBy(a => a.Code)
            .Select(a => new AreaItem(a.Code, a.Name, a.Households)).ToListAsync(ct);
}
