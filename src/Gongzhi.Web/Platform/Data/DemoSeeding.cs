using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Platform.Data;

/// <summary>One module's part of the demo data. Runs in <see cref="Order"/> on an empty database only.</summary>
public interface IDemoSeeder
{
    int Order { get; }
    Task SeedAsync(GongzhiDb db, CancellationToken ct);
}

/// <summary>Seeds the demo on first start of an empty database; never demo accounts in Production.</summary>
public sealed class DemoSeeding(IEnumerable<IDemoSeeder> seeders, IConfiguration config, IHostEnvironment env, ILogger<DemoSeeding> log)
{
    public const string DemoPassword = "Gongzhi@2026";

    public bool Enabled => config.GetValue("Demo:Seed", true) && !env.IsProduction();

    public async Task SeedIfEmptyAsync(GongzhiDb db, CancellationToken ct)
    {
        if (!Enabled) return;
        if (await db.Users.AnyAsync(ct)) return;
        foreach (var seeder in seeders.OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(db, ct);
            db.ChangeTracker.Clear();
        }
        log.LogInformation("Demo data seeded");
    }
}
