using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Platform.Data;

/// <summary>One module's part of the demo data. Runs in <see cref="Order"/> on an empty database only.</summary>
public interface IDemoSeeder
{
    int Order { get; }
    Task SeedAsync(GongzhiDb db, CancellationToken ct);
}

/// <summary>Seeds the demo on first start of an empty database; never demo accounts in Production.</summary>
public sealed class DemoSeeding(IEnumerable<IDemoSeeder> seeders, IConfiguration config, IHostEnvironment env, Audit.AuditInterceptor audit,
    TimeProvider clock, ILogger<DemoSeeding> log)
{
    public const string DemoPassword = "Gongzhi@2026";

    public bool Enabled => config.GetValue("Demo:Seed", true) && !env.IsProduction();

    public async Task SeedIfEmptyAsync(GongzhiDb db, CancellationToken ct)
    {
        if (!Enabled) return;
        if (await db.Users.AnyAsync(ct)) return;
        audit.Paused = true;
        try
        {
            foreach (var seeder in seeders.OrderBy(s => s.Order))
            {
                await seeder.SeedAsync(db, ct);
                db.ChangeTracker.Clear();
            }
        }
        finally
        {
            audit.Paused = false;
        }
        db.AuditEntries.Add(new Audit.AuditEntry
        {
            At = clock.GetUtcNow(), UserName = "system", Action = Audit.AuditAction.Create, EntityType = "Demo", EntityId = config["Demo:District"] ?? "320105",
            After = "demo data seeded: " + string.Join(", ", seeders.OrderBy(s => s.Order).Select(s => s.GetType().Name)),
        });
        await db.SaveChangesAsync(ct);
        log.LogInformation("Demo data seeded");
    }
}
