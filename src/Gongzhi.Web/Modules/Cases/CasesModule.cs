using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>CS-1..5: intake, disposal models, the case loop, whistles, deadlines and escalation.</summary>
public static class CasesModule
{
    public static void AddCases(this IServiceCollection services)
    {
        services.AddSingleton<DeadlineSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());
        services.AddScoped<IDemoSeeder, CasesDemoSeeder>();
        services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, CaseNotifications>();
        services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, CaseStatsInterceptor>();
        services.AddSingleton<DisposalModelCache>();
        services.AddScoped<NewCases>();
        services.AddSingleton<CaseNumberBlocks>();
        services.AddSingleton(new Platform.Realtime.ChangeTopic(typeof(DisposalModel), DisposalModelCache.Changed));
        services.AddSingleton<CaseStatsFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<CaseStatsFolder>());
    }

    public static void MapCases(this WebApplication app)
    {
        var cases = app.Api("cases", "Cases").RequirePermission(Permission.CasesReport, Permission.CasesRead);
        DisposalModels.Map(cases);
        ReportCase.Map(cases);
        CaseActions.Map(cases);
        CaseMetrics.Map(cases);
        CaseAttachments.Map(cases);
        HotlineExchange.Map(cases);
        CaseQueries.Map(cases);
        Open311Endpoints.Map(app);
        PublicReport.Map(app);
    }
}
