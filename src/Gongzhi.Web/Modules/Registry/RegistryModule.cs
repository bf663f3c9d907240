using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Auth;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>RG-1, RG-2, RG-3, RG-5: people and households, places and things, organisations; personal data encrypted, masked and audited. (Import and the phone pages come next.)</summary>
public static class RegistryModule
{
    public static void AddRegistry(this IServiceCollection services)
    {
        services.AddSingleton<PersonalData>();
        services.AddScoped<Gongzhi.Web.Platform.Data.IDemoSeeder, RegistryDemoSeeder>();
        services.AddScoped<Gongzhi.Web.Platform.Data.IDemoSeeder, RegistryPlacesDemoSeeder>();
    }

    public static void MapRegistry(this WebApplication app)
    {
        var registry = app.Api("registry", "Registry").RequirePermission(Permission.RegistryRead, Permission.RegistryWrite, Permission.RegistryUnmask, Permission.RegistryConfigure);
        People.Map(registry);
        Duplicates.Map(registry);
        Households.Map(registry);
        PeopleTransfer.Map(registry);
        RegistryImports.Map(registry);
        Organisations.Map(registry);
        Places.Map(registry);
        Tags.Map(registry);
    }
}
