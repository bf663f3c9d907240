using Gongzhi.Web.Modules.Areas;
using Gongzhi.Web.Modules.Cases;
using Gongzhi.Web.Modules.Party;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules;

/// <summary>The list of modules: each adds its services and maps its endpoints and pages.</summary>
public static class ModulesSetup
{
    public static void AddModules(this WebApplicationBuilder builder)
    {
        builder.Services.AddAreas();
        builder.Services.AddCases();
        builder.Services.AddRegistry();
        builder.Services.AddParty();
    }

    public static void MapModules(this WebApplication app)
    {
        app.MapAreas();
        app.MapCases();
        app.MapRegistry();
        app.MapParty();
    }
}
