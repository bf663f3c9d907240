using Gongzhi.Web.Platform.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Platform.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Chooses the provider from <c>Database:Provider</c> and <c>ConnectionStrings:Gongzhi</c>.</summary>
public static class DatabaseSetup
{
    public static DatabaseProvider Provider(IConfiguration config) =>
        Enum.TryParse<DatabaseProvider>(config["Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    public static void AddGongzhiDatabase(this WebApplicationBuilder builder)
    {
        var provider = Provider(builder.Configuration);
        var configured = builder.Configuration.GetConnectionString("Gongzhi");
        builder.Services.AddScoped<AuditInterceptor>();
        builder.Services.AddScoped<Notify.NotificationInterceptor>();
        builder.Services.AddScoped<Realtime.ChangeTopicInterceptor>();
        builder.Services.AddScoped<TransactionWatch>();
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(configured))
                    throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:Gongzhi is empty. Set ConnectionStrings__Gongzhi, " +
                        "e.g. Host=127.0.0.1;Port=5432;Username=gongzhi;Password=...;Database=gongzhi.");
                builder.Services.AddDbContext<GongzhiDb, PostgresGongzhiDb>((sp, o) => o
                    .UseNpgsql(configured, n => n.MigrationsHistoryTable("__ef_migrations"))
                    .AddInterceptors(Interceptors(sp)));
                builder.Services.AddHostedService<Realtime.PostgresChangeRelay>();
                builder.Services.AddSingleton(_ => new PostgresRows(configured)); // created by DI, so disposed with the app (its pool closes)
                break;
            case DatabaseProvider.Sqlite:
                var cs = SqliteConnectionString(configured, builder.Environment.ContentRootPath);
                builder.Services.AddDbContext<GongzhiDb, SqliteGongzhiDb>((sp, o) => o
                    .UseSqlite(cs)
                    .AddInterceptors(Interceptors(sp)));
                break;
        }
    }

    /// <summary><c>--create-admin EMAIL PASSWORD AREA</c>: the first district admin of a production database.</summary>
    static async Task CreateAdminAsync(IServiceProvider services, string email, string password, string area)
    {
        var db = services.GetRequiredService<GongzhiDb>();
        var clock = services.GetRequiredService<TimeProvider>();
        var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Auth.User>>();
        var user = await Auth.UsersAdmin.CreateAsync(users, clock, new Auth.UsersAdmin.CreateUser(email, email, password), default);
        await Auth.UsersAdmin.AssignAsync(db, clock, user.Id, new Auth.UsersAdmin.Assign(Auth.AppRole.DistrictAdmin, area), default);
    }

    /// <summary>
    /// The platform's interceptors, then every module's (registered as <see cref="Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor"/>):
    /// modules add rows (e.g. notifications) before the audit interceptor records what is saved.
    /// </summary>
    static Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] Interceptors(IServiceProvider sp) =>
    [
        .. sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor>(),
        sp.GetRequiredService<Notify.NotificationInterceptor>(),
        sp.GetRequiredService<AuditInterceptor>(),
        sp.GetRequiredService<Realtime.ChangeTopicInterceptor>(),
        sp.GetRequiredService<TransactionWatch>(),
    ];

    /// <summary>
    /// <c>ConnectionStrings:Gongzhi</c> for SQLite may be a full connection string or just a file path;
    /// empty means <c>App_Data/gongzhi.db</c> under the content root.
    /// </summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var csb = string.IsNullOrWhiteSpace(configured)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(contentRoot, "App_Data", "gongzhi.db") }
            : configured.Contains('=') ? new SqliteConnectionStringBuilder(configured) : new SqliteConnectionStringBuilder { DataSource = configured };
        csb.DefaultTimeout = 30; // also the busy timeout: Microsoft.Data.Sqlite retries SQLITE_BUSY until it runs out
        csb.Pooling = true;
        var dir = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        return csb.ToString();
    }

    /// <summary>
    /// Migrates (unless <c>Database:MigrateOnStart</c> is false) and seeds the demo on an empty database.
    /// With <c>--migrate-only</c> it migrates and returns false, so a cluster can migrate once before starting nodes.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync(this WebApplication app, string[] args)
    {
        var migrateOnly = args.Contains("--migrate-only");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Gongzhi.Database");
        if (migrateOnly || app.Configuration.GetValue("Database:MigrateOnStart", true))
        {
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            log.LogInformation("Database migrated ({Provider})", db.Database.ProviderName);
        }
        if (args.SkipWhile(a => a != "--create-admin").Skip(1).Take(3).ToArray() is [var email, var password, var area])
        {
            await CreateAdminAsync(scope.ServiceProvider, email, password, area);
            log.LogInformation("--create-admin: district admin {Email} on {Area} created", email, area);
            return false;
        }
        if (migrateOnly)
        {
            log.LogInformation("--migrate-only: done, not starting the web server");
            return false;
        }
        await scope.ServiceProvider.GetRequiredService<DemoSeeding>().SeedIfEmptyAsync(db, app.Lifetime.ApplicationStopping);
        return true;
    }
}
