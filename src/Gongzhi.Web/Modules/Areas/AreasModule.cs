using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>AR-1..3: the area tree, grid boundaries, point → grid, grid staffing.</summary>
public static class AreasModule
{
    public static void AddAreas(this IServiceCollection services)
    {
        services.AddSingleton<GridLocator>();
        services.AddScoped<IDemoSeeder, AreasDemoSeeder>();
    }

    public static void MapAreas(this WebApplication app)
    {
        var areas = app.Api("areas", "Areas").RequirePermission(Permission.AreasRead);
        LocatePoint.Map(areas);
        GridBoundaries.Map(areas);
        ImportDivisions.Map(areas);
        Staffing.Map(areas);
        AreaQueries.Map(areas);
    }
}
