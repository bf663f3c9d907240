using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>Reading the area tree: the caller's roots, one area with its counts and path, its children.</summary>
public static class AreaQueries
{
    public sealed record AreaCounts(int Streets, int Communities, int Grids, int Buildings, int Households, int Staff);
    public sealed record AreaView(string Code, string Name, AreaLevel Level, string? ParentCode, double? Lat, double? Lng,
        IReadOnlyList<AreaRef> Path, AreaCounts Counts);
    public sealed record AreaItem(string Code, string Name, AreaLevel Level, string? ParentCode, int Households);

    public static void Map(RouteGroupBuilder areas)
    {
        areas.MapGet("/", async (GongzhiDb db, Caller caller, CancellationToken ct) => TypedResults.Ok(await RootsAsync(db, caller, ct)))
            .WithSummary("The top areas of the caller's scope");
        areas.MapGet("/{code}", async Task<Results<Ok<AreaView>, ProblemHttpResult>> (string code, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await GetAsync(db, caller, code, ct) is { } view ? TypedResults.Ok(view) : Problems.NotFound(http))
            .WithSummary("One area: code, name, level, parent, path and counts");
        areas.MapGet("/{code}/children", async Task<Results<Ok<List<AreaItem>>, ProblemHttpResult>> (string code, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await ChildrenAsync(db, caller, code, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound(http))
            .WithSummary("The direct children of an area, by code");
    }

    /// <summary>Areas the caller may read (permission <see cref="Permission.AreasRead"/>), by code prefix.</summary>
    public static IQueryable<Area> Readable(this GongzhiDb db, Caller caller) =>
        db.Areas().AsNoTracking().InScope(caller.ScopeFor(Permission.AreasRead), a => a.Code);

    public static async Task<List<AreaItem>> RootsAsync(GongzhiDb db, Caller caller, CancellationToken ct)
    {
        var scope = caller.ScopeFor(Permission.AreasRead);
        // An assignment on an area is that area; one above the tree (a city, a province) is every district under it.
        var exact = await db.Areas().AsNoTracking().Where(a => scope.Contains(a.Code)).Select(a => a.Code).ToListAsync(ct);
        var above = scope.Where(p => p.Length < 6).ToList();
        var q = db.Areas().AsNoTracking().Where(a => exact.Contains(a.Code));
        if (above.Count > 0) q = q.Concat(db.Areas().AsNoTracking().Where(a => a.Level == AreaLevel.District).InScope(above, a => a.Code));
        return await q.OrderBy(a => a.Code).Select(a => new AreaItem(a.Code, a.Name, a.Level, a.ParentCode, a.Households)).ToListAsync(ct);
    }

    public static async Task<AreaView?> GetAsync(GongzhiDb db, Caller caller, string code, CancellationToken ct)
    {
        var area = await db.Readable(caller).SingleOrDefaultAsync(a => a.Code == code, ct);
        if (area is null) return null;
        var ancestors = Ancestors(code);
        var names = await db.Areas().AsNoTracking().Where(a => ancestors.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        var path = ancestors.Where(names.ContainsKey).Select(c => new AreaRef(c, names[c])).ToList();
        var byLevel = await db.Areas().AsNoTracking().Where(a => a.Code.StartsWith(code) && a.Code != code)
            .GroupBy(a => a.Level).Select(g => new { Level = g.Key, Count = g.Count(), Households = g.Sum(a => a.Households) }).ToListAsync(ct);
        int Count(AreaLevel l) => byLevel.FirstOrDefault(x => x.Level == l)?.Count ?? 0;
        var households = area.Level == AreaLevel.Grid || area.Level == AreaLevel.Building
            ? area.Households
            : byLevel.FirstOrDefault(x => x.Level == AreaLevel.Grid)?.Households ?? 0;
        var staff = await db.GridStaff().CountAsync(s => s.AreaCode.StartsWith(code), ct);
        return new AreaView(area.Code, area.Name, area.Level, area.ParentCode, area.Lat, area.Lng, path,
            new AreaCounts(Count(AreaLevel.Street), Count(AreaLevel.Community), Count(AreaLevel.Grid), Count(AreaLevel.Building), households, staff));
    }

    public static async Task<List<AreaItem>?> ChildrenAsync(GongzhiDb db, Caller caller, string code, CancellationToken ct)
    {
        if (!await db.Readable(caller).AnyAsync(a => a.Code == code, ct)) return null;
        return await db.Areas().AsNoTracking().Where(a => a.ParentCode == code).OrderBy(a => a.Code)
            .Select(a => new AreaItem(a.Code, a.Name, a.Level, a.ParentCode, a.Households)).ToListAsync(ct);
    }

    /// <summary>The codes from the district down to <paramref name="code"/> itself.</summary>
    public static List<string> Ancestors(string code)
    {
        var list = new List<string>();
        for (var c = code; c is not null; c = AreaCode.ParentOf(c)) list.Insert(0, c);
        return list;
    }
}
