using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gongzhi.Benchmarks;

/// <summary>
/// The PostgreSQL server the benchmarks run on: <c>GONGZHI_TEST_POSTGRES</c> as set by <c>scripts/with-postgres.sh</c>
/// (the database name in it is replaced by <see cref="Database"/>).
/// </summary>
static class BenchDb
{
    public const string Database = "gongzhi_bench";

    public static string ConnectionString(string database = Database)
    {
        var cs = Environment.GetEnvironmentVariable("GONGZHI_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set GONGZHI_TEST_POSTGRES (run through scripts/with-postgres.sh, see bench/cases.sh)");
        return new NpgsqlConnectionStringBuilder(cs) { Database = database, MaxPoolSize = 200 }.ConnectionString;
    }

    /// <summary>The app's context without its interceptors: the queries are the app's, read-only.</summary>
    public static PostgresGongzhiDb Context()
    {
        var options = new DbContextOptionsBuilder<PostgresGongzhiDb>().UseNpgsql(ConnectionString());
        if (Log is { } log) options.LogTo(log, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);
        return new(options.Options);
    }

    /// <summary>Where to write the SQL the queries run (time-queries sql).</summary>
    public static Action<string>? Log { get; set; }

    public static async Task<NpgsqlConnection> OpenAsync(string database = Database)
    {
        var c = new NpgsqlConnection(ConnectionString(database));
        await c.OpenAsync();
        return c;
    }
}
