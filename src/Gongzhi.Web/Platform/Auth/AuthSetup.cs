using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>Identity, cookies for people, bearer tokens and API tokens for the API, and permission filters.</summary>
public static class AuthSetup
{
    /// <summary>The scheme of the /api group: an API token, an Identity bearer token, or the people's cookie.</summary>
    public const string ApiScheme = "Api";
    public const string ApiPolicy = "api";

    public static void AddPlatformAuth(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8))
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddPolicyScheme(ApiScheme, ApiScheme, o => o.ForwardDefaultSelector = ctx =>
                ApiTokenHandler.TokenOf(ctx.Request) is not null ? ApiTokenHandler.SchemeName
                : ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal) ? IdentityConstants.BearerScheme
                : IdentityConstants.ApplicationScheme)
            .AddIdentityCookies(c => c.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                o.Cookie.Name = "gongzhi.auth";
                // The API answers 401/403 problems; only pages redirect to the sign-in page.
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
            }));

        // Recently seen bearer tokens are not decrypted again (RecentBearerTickets); Identity's own format is kept inside.
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme)
            .PostConfigure<Realtime.ChangeBus, TimeProvider>((o, bus, clock) => o.BearerTokenProtector = new RecentBearerTickets(o.BearerTokenProtector, bus, clock));

        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = true; // "confirmed" = not disabled, see EnabledAccounts
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(10);
            })
            .AddEntityFrameworkStores<GongzhiDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddApiEndpoints();

        services.AddScoped<IUserConfirmation<User>, EnabledAccounts>();

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(ApiScheme).RequireAuthenticatedUser());

        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<CallerCache>();
        services.AddSingleton(new Realtime.ChangeTopic(typeof(User), CallerCache.Changed));
        services.AddSingleton(new Realtime.ChangeTopic(typeof(RoleAssignment), CallerCache.Changed));
    }

    /// <summary>A disabled account cannot sign in, by cookie or for a bearer token.</summary>
    sealed class EnabledAccounts : IUserConfirmation<User>
    {
        public Task<bool> IsConfirmedAsync(UserManager<User> manager, User user) => Task.FromResult(!user.Disabled);
    }

    static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/open311"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// 403 problem unless the caller holds one of <paramref name="permissions"/> somewhere; area checks stay in the handler.
    /// Checked by <see cref="UsePermissions"/> before the endpoint runs, so before its body is read or validated (as an
    /// endpoint filter it ran after .NET 10's validation, and a caller without the permission got the 400 of a bad body).
    /// On a group and on its endpoint, both must hold.
    /// </summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, params Permission[] permissions) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermissions(permissions));

    /// <summary>Enforces <see cref="RequirePermission{TBuilder}"/> for the endpoint the request was routed to (after authentication).</summary>
    public static void UsePermissions(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var required = context.GetEndpoint()?.Metadata.GetOrderedMetadata<RequiredPermissions>() ?? [];
        if (required.Count > 0)
        {
            var caller = await Caller.BindAsync(context);
            if (caller is not { IsAuthenticated: true } || !required.All(r => r.Any.Any(caller.CanAnywhere)))
            {
                await Problems.Forbidden(context).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });
}

/// <summary>Endpoint metadata: the caller needs one of these permissions somewhere in their scope.</summary>
public sealed record RequiredPermissions(Permission[] Any);
