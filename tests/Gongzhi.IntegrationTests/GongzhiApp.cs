using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gongzhi.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Gongzhi.IntegrationTests;

public enum Db { Sqlite, Postgres }

/// <summary>
/// The real app over HTTP on a fresh database of its own. The demo is seeded once per provider into a template
/// (a SQLite file that is copied, a PostgreSQL template database that is cloned), so each test starts from the same
/// district without paying for the seeding again.
/// </summary>
public sealed class GongzhiApp : WebApplicationFactory<Program>
{
    public const string Password = DemoSeeding.DemoPassword;
    public static readonly TheoryData<Db> Providers = [Db.Sqlite, Db.Postgres];

    static readonly SemaphoreSlim TemplateGate = new(1, 1);
    static string? _sqliteTemplate, _postgresTemplate;

    readonly Db _db;
    readonly string _connection;
    bool _isTemplate;
    string _environment = "Development";

    /// <summary>The app's clock: starts at the real time and moves only when a test advances it.</summary>
    public FakeTimeProvider Clock { get; private init; } = new(DateTimeOffset.UtcNow);
    readonly Dictionary<string, string> _tokens = [];

    GongzhiApp(Db db, string connection)
    {
        _db = db;
        _connection = connection;
    }

    public static async Task<GongzhiApp> StartAsync(Db db)
    {
        var template = await TemplateAsync(db);
        string connection;
        if (db == Db.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"gongzhi-test-{Guid.NewGuid():N}.db");
            File.Copy(template, file);
            connection = $"Data Source={file}";
        }
        else
        {
            var name = "gz_t_" + Guid.NewGuid().ToString("N")[..16];
            await using (var admin = new NpgsqlConnection(Postgres("postgres")))
            {
                await admin.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}", admin);
                await cmd.ExecuteNonQueryAsync();
            }
            connection = Postgres(name);
        }
        var app = new GongzhiApp(db, connection);
        _ = app.Server; // start now
        return app;
    }

    /// <summary>The app on an empty database of its own, in <paramref name="environment"/> (e.g. Production).</summary>
    public static GongzhiApp StartEmpty(Db db, string environment)
    {
        var connection = db == Db.Sqlite
            ? $"Data Source={Path.Combine(Path.GetTempPath(), $"gongzhi-empty-{Guid.NewGuid():N}.db")}"
            : Postgres("gz_e_" + Guid.NewGuid().ToString("N")[..16]);
        var app = new GongzhiApp(db, connection) { _environment = environment };
        _ = app.Server;
        return app;
    }

    /// <summary>A second node on the same database (it does not drop the database when disposed).</summary>
    public GongzhiApp SecondNode()
    {
        var node = new GongzhiApp(_db, _connection) { _isTemplate = true, Clock = new FakeTimeProvider(Clock.GetUtcNow()) };
        _ = node.Server;
        return node;
    }

    static async Task<string> TemplateAsync(Db db)
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (db == Db.Sqlite && _sqliteTemplate is { } s) return s;
            if (db == Db.Postgres && _postgresTemplate is { } p) return p;
            if (db == Db.Sqlite)
            {
                var file = Path.Combine(Path.GetTempPath(), $"gongzhi-template-{Guid.NewGuid():N}.db");
                using (var seeding = new GongzhiApp(db, $"Data Source={file}") { _isTemplate = true }) _ = seeding.Server;
                SqliteConnection.ClearAllPools();
                await using (var c = new SqliteConnection($"Data Source={file}"))
                {
                    await c.OpenAsync();
                    await using var cmd = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;", c);
                    await cmd.ExecuteNonQueryAsync();
                }
                SqliteConnection.ClearAllPools();
                return _sqliteTemplate = file;
            }
            var name = "gz_tpl_" + Guid.NewGuid().ToString("N")[..16];
            using (var seeding = new GongzhiApp(db, Postgres(name)) { _isTemplate = true }) _ = seeding.Server;
            NpgsqlConnection.ClearAllPools();
            return _postgresTemplate = name;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    static string Postgres(string database)
    {
        var cs = Environment.GetEnvironmentVariable("GONGZHI_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(cs))
            throw new InvalidOperationException(
                "GONGZHI_TEST_POSTGRES is not set: the PostgreSQL half of the integration tests needs a server. " +
                "Run ./scripts/test.sh, which starts a throwaway PostgreSQL and sets it.");
        return new NpgsqlConnectionStringBuilder(cs) { Database = database, Pooling = true, MaxPoolSize = 20 }.ToString();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Database:Provider", _db.ToString());
        builder.UseSetting("ConnectionStrings:Gongzhi", _connection);
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Files:Root", Path.Combine(Path.GetTempPath(), "gongzhi-test-files"));
        // Tests sweep deadlines themselves (DeadlineSweeper.SweepAsync); the background timer (30 days) must not race them
        // when a test moves the fake clock.
        builder.UseSetting("Cases:SweepSeconds", "2592000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Moves the clock on; bearer tokens issued before may expire, so clients are signed in again.</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        _tokens.Clear();
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A client signed in with a bearer token as the demo account <paramref name="email"/>.</summary>
    public async Task<HttpClient> ClientAsAsync(string email)
    {
        if (!_tokens.TryGetValue(email, out var token))
        {
            var login = await CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = Password });
            login.EnsureSuccessStatusCode();
            token = (await login.Content.ReadFromJsonAsync<LoginResult>())!.AccessToken;
            _tokens[email] = token;
        }
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    sealed record LoginResult(string AccessToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_isTemplate) return;
        if (_db == Db.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var file = new SqliteConnectionStringBuilder(_connection).DataSource;
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) try { File.Delete(f); } catch (IOException) { }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
            var name = new NpgsqlConnectionStringBuilder(_connection).Database;
            await using var admin = new NpgsqlConnection(Postgres("postgres"));
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

public static class Accounts
{
    public const string Admin = "admin@gongzhi.local", City = "city@gongzhi.local", Street = "street@gongzhi.local",
        Secretary = "secretary@gongzhi.local", Worker = "worker@gongzhi.local", Grid = "grid@gongzhi.local",
        Dept = "dept@gongzhi.local", Member = "member@gongzhi.local", Resident = "resident@gongzhi.local";
}
