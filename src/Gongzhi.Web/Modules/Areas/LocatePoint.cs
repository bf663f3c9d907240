using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Areas;

/// <summary><c>GET /api/areas/locate?lat=&amp;lng=</c>: the grid of a WGS84 point and its path.</summary>
public static class LocatePoint
{
    public static void Map(RouteGroupBuilder areas) =>
        areas.MapGet("/locate", async Task<Results<Ok<GridLocation>, ProblemHttpResult>> (double? lat, double? lng, GridLocator locator, Caller caller, HttpContext http, CancellationToken ct) =>
        {
            if (lat is not { } la || lng is not { } lo || !double.IsFinite(la) || !double.IsFinite(lo) || la is < -90 or > 90 || lo is < -180 or > 180)
                return Problems.BadRequest(http, "locate.range");
            var found = await locator.LocateAsync(la, lo, ct);
            // A grid outside the caller's scope is answered like no grid at all: nothing leaks.
            return found is not null && caller.Can(Permission.AreasRead, found.Grid.Code)
                ? TypedResults.Ok(found)
                : Problems.Of(http, 404, "locate.outside");
        }).WithSummary("The grid containing a WGS84 point (lat, lng), with its community, street and district");
}
