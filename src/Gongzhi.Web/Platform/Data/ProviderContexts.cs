using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Gongzhi.Web.Platform.Data;

/// <summary>SQLite flavour of <see cref="GongzhiDb"/>: its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteGongzhiDb(DbContextOptions<SqliteGongzhiDb> options) : GongzhiDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset; every value is stored in UTC, so its binary form orders correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>PostgreSQL flavour of <see cref="GongzhiDb"/>: its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresGongzhiDb(DbContextOptions<PostgresGongzhiDb> options) : GongzhiDb(options);

/// <summary>Lets <c>dotnet ef</c> build the SQLite context without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGongzhiDb>
{
    public SqliteGongzhiDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGongzhiDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGongzhiDb>
{
    public PostgresGongzhiDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGongzhiDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
