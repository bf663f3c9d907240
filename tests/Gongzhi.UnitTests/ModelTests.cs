using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;

namespace Gongzhi.UnitTests;

public sealed class ModelTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().Should().BeFalse("run: dotnet ef migrations add <Name> --context SqliteGongzhiDb -o Platform/Data/Migrations/Sqlite");
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().Should().BeFalse("run: dotnet ef migrations add <Name> --context PostgresGongzhiDb -o Platform/Data/Migrations/Postgres");
    }

    [Fact]
    public void The_platform_knows_no_module()
    {
        var result = Types.InAssembly(typeof(GongzhiDb).Assembly).That().ResideInNamespace("Gongzhi.Web.Platform")
            .ShouldNot().HaveDependencyOn("Gongzhi.Web.Modules").GetResult();
        result.IsSuccessful.Should().BeTrue(string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Every_resource_key_has_both_languages()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Gongzhi.Web", "Platform", "Ui");
        var zh = System.Xml.Linq.XDocument.Load(Path.Combine(dir, "Strings.resx")).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var en = System.Xml.Linq.XDocument.Load(Path.Combine(dir, "Strings.en.resx")).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        zh.Should().BeEquivalentTo(en);
        zh.Should().Contain("app.name");
    }
}
