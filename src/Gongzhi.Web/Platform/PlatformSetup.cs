using System.Globalization;
using System.Threading.RateLimiting;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Gongzhi.Web.Platform.Ui;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.OpenApi;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace Gongzhi.Web.Platform;

/// <summary>What every module uses: database, auth, audit, errors, OpenAPI, localisation, UI shell, health.</summary>
public static class PlatformSetup
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static void AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        if (!builder.Environment.IsDevelopment()) builder.Logging.AddJsonConsole();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        builder.AddGongzhiDatabase();
        services.AddScoped<DemoSeeding>();
        services.AddScoped<IDemoSeeder, PlatformDemoSeeder>();
        services.AddDataProtection().SetApplicationName("Gongzhi").PersistKeysToDbContext<GongzhiDb>();
        services.AddPlatformAuth();
        services.AddPlatformProblems();
        services.AddValidation();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Pages: zh-CN unless the person chose English (cookie or ?culture=). The API also honours Accept-Language.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new ApiAcceptLanguageProvider(),
            ];
        });
        services.AddOpenApi(o => o.CreateSchemaReferenceId = t =>
            t.Type.IsNested && OpenApiOptions.CreateDefaultSchemaReferenceId(t) is { } id
                ? t.Type.DeclaringType!.Name + id
                : OpenApiOptions.CreateDefaultSchemaReferenceId(t));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy("sign-in", http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) }));
            // Public writes (Open311 requests, resident reports): per address, generous for a hotline system behind one IP.
            o.AddPolicy("public-write", http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) }));
        });
        services.AddHealthChecks().AddDbContextCheck<GongzhiDb>("database", tags: ["ready"]);
        services.AddSingleton<ChangeBus>();
        services.AddSingleton<Files.FileStore>();
        builder.AddTelemetry();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddAntiforgery();
    }

    public static void MapPlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UsePermissions();
        app.UseAntiforgery();
        app.MapStaticAssets();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("Gongzhi API")).AllowAnonymous();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

        // Identity's endpoints minus self-registration: accounts are created by administrators.
        app.MapGroup("/api/auth").WithTags("Auth").MapIdentityApi<User>()
            .AddEndpointFilter((context, next) => context.HttpContext.Request.Path.StartsWithSegments("/api/auth/register")
                ? ValueTask.FromResult<object?>(Problems.NotFound(context.HttpContext))
                : next(context));
        app.MapAccount();
        var api = app.Api("admin", "Admin");
        UsersAdmin.Map(api);
        AuditLog.Map(app.Api("audit", "Audit"));
        Notify.Inbox.Map(app.Api("notifications", "Notifications"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gongzhi");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            log.LogInformation("Gongzhi is running at {Urls}", urls);
            if (app.Services.CreateScope().ServiceProvider.GetRequiredService<DemoSeeding>().Enabled)
                log.LogInformation("Demo accounts (password {Password}): {Accounts}", DemoSeeding.DemoPassword,
                    string.Join(", ", PlatformDemoSeeder.Accounts.Select(a => a.Email)));
        });
    }

    /// <summary>The group of one module's API: <c>/api/{module}</c>, tagged, for signed-in callers (bearer, API token or cookie).</summary>
    public static RouteGroupBuilder Api(this IEndpointRouteBuilder app, string module, string tag) =>
        app.MapGroup("/api/" + module).WithTags(tag).RequireAuthorization(AuthSetup.ApiPolicy);
}

/// <summary>Accept-Language for the API only: the pages stay zh-CN unless the person switches.</summary>
sealed class ApiAcceptLanguageProvider : RequestCultureProvider
{
    readonly AcceptLanguageHeaderRequestCultureProvider _inner = new();

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
        httpContext.Request.Path.StartsWithSegments("/api") || httpContext.Request.Path.StartsWithSegments("/open311")
            ? _inner.DetermineProviderCultureResult(httpContext)
            : NullProviderCultureResult;
}
