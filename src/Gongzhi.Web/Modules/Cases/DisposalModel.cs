using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// 处置模型: a high-frequency category → responsible department, whistle and the time limit of each step. Editing
/// makes a new version; a case keeps the version (and its limits) it started with.
/// </summary>
public sealed class DisposalModel
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Code { get; init; }
    public int Version { get; init; } = 1;
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    /// <summary>GB/T 30428.2 大类 and 小类, where the standard has such an event.</summary>
    public string? GbMajor { get; init; }
    public string? GbMinor { get; init; }
    public required string Department { get; init; }
    public Whistle Whistle { get; init; }
    public double CheckInHours { get; init; }
    public double HandleHours { get; init; }
    public double VerifyHours { get; init; }
    public bool IsCurrent { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }
}

sealed class DisposalModelConfiguration : IEntityTypeConfiguration<DisposalModel>
{
    public void Configure(EntityTypeBuilder<DisposalModel> b)
    {
        b.ToTable("disposal_models");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.NameEn).HasMaxLength(100);
        b.Property(x => x.GbMajor).HasMaxLength(2);
        b.Property(x => x.GbMinor).HasMaxLength(2);
        b.Property(x => x.Department).HasMaxLength(50);
        b.Property(x => x.Whistle).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.Code, x.Version }).IsUnique();
        b.HasIndex(x => new { x.Code, x.IsCurrent });
    }
}

/// <summary>Reading and editing disposal models (CS-2).</summary>
public static class DisposalModels
{
    public sealed record ModelView(string Code, int Version, string Name, string NameEn, string? GbMajor, string? GbMinor, string Department,
        Whistle Whistle, double CheckInHours, double HandleHours, double VerifyHours, DateTimeOffset CreatedAt);

    public sealed record Edit(
        [property: Required, MaxLength(50)] string Name,
        [property: Required, MaxLength(100)] string NameEn,
        [property: RegularExpression(@"^\d{2}$")] string? GbMajor,
        [property: RegularExpression(@"^\d{2}$")] string? GbMinor,
        [property: Required, MaxLength(50)] string Department,
        Whistle Whistle,
        [property: Range(0.1, 720)] double CheckInHours,
        [property: Range(0.1, 2160)] double HandleHours,
        [property: Range(0.1, 720)] double VerifyHours);

    sealed record SeedFile(List<SeedModel> Models);
    sealed record SeedModel(string Code, string Name, string NameEn, string? GbMajor, string? GbMinor, string Department, Whistle Whistle,
        double CheckInHours, double HandleHours, double VerifyHours);

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapGet("/models", async (GongzhiDb db, CancellationToken ct) => TypedResults.Ok(await CurrentAsync(db, ct)))
            .WithSummary("The current version of every disposal model");
        cases.MapGet("/models/{code}/versions", async (string code, GongzhiDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Set<DisposalModel>().AsNoTracking().Where(m => m.Code == code).OrderByDescending(m => m.Version).Select(m => View(m)).ToListAsync(ct)))
            .WithSummary("Every version of one disposal model, newest first");
        cases.MapPut("/models/{code}", async Task<Results<Ok<ModelView>, ProblemHttpResult>> (string code, Edit body, GongzhiDb db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            await EditAsync(db, clock, code, body, ct) is { } view ? TypedResults.Ok(view) : Problems.NotFound(http))
            .RequirePermission(Permission.ModelsManage)
            .WithSummary("Change a disposal model: writes a new version; running cases keep theirs");
    }

    static ModelView View(DisposalModel m) => new(m.Code, m.Version, m.Name, m.NameEn, m.GbMajor, m.GbMinor, m.Department, m.Whistle,
        m.CheckInHours, m.HandleHours, m.VerifyHours, m.CreatedAt);

    public static async Task<List<ModelView>> CurrentAsync(GongzhiDb db, CancellationToken ct) =>
        [.. (await db.Set<DisposalModel>().AsNoTracking().Where(m => m.IsCurrent).ToListAsync(ct)).OrderBy(m => m.Code, StringComparer.Ordinal).Select(View)];

    public static async Task<ModelView?> EditAsync(GongzhiDb db, TimeProvider clock, string code, Edit body, CancellationToken ct)
    {
        var current = await db.Set<DisposalModel>().SingleOrDefaultAsync(m => m.Code == code && m.IsCurrent, ct);
        if (current is null) return null;
        if (!Enum.IsDefined(body.Whistle)) throw new DomainException("model.whistle", "Unknown whistle");
        current.IsCurrent = false;
        var next = new DisposalModel
        {
            Code = code, Version = current.Version + 1, Name = body.Name.Trim(), NameEn = body.NameEn.Trim(), GbMajor = body.GbMajor, GbMinor = body.GbMinor,
            Department = body.Department.Trim(), Whistle = body.Whistle, CheckInHours = body.CheckInHours, HandleHours = body.HandleHours,
            VerifyHours = body.VerifyHours, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(next);
        await db.SaveChangesAsync(ct);
        return View(next);
    }

    /// <summary>The 22 models of data/disposal-models.json.</summary>
    public static IEnumerable<DisposalModel> FromFile(string path, DateTimeOffset now)
    {
        var file = JsonSerializer.Deserialize<SeedFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web)
        { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } })!;
        return file.Models.Select(m => new DisposalModel
        {
            Code = m.Code, Name = m.Name, NameEn = m.NameEn, GbMajor = m.GbMajor, GbMinor = m.GbMinor, Department = m.Department, Whistle = m.Whistle,
            CheckInHours = m.CheckInHours, HandleHours = m.HandleHours, VerifyHours = m.VerifyHours, CreatedAt = now,
        });
    }

    public static string DataFile()
    {
        foreach (var path in new[] { Path.Combine(AppContext.BaseDirectory, "data", "disposal-models.json"), Path.Combine("..", "..", "data", "disposal-models.json") })
            if (File.Exists(path)) return path;
        throw new FileNotFoundException("data/disposal-models.json is missing");
    }
}

/// <summary>
/// The current version of every disposal model, read once and kept until a model changes (architecture decision 25):
/// intake looks a category up here instead of querying it. A model saved through EF Core publishes
/// <see cref="Changed"/> after its commit, which empties the cache on every node; <see cref="MaxAge"/> bounds how long
/// a node can lag if a notice is lost. The models handed out are shared: read them, never change them.
/// </summary>
public sealed class DisposalModelCache(ChangeBus bus, TimeProvider clock)
{
    public const string Changed = "cases.models";
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    readonly Cached<bool, IReadOnlyDictionary<string, DisposalModel?>> _current = new(bus, clock, Changed, MaxAge);

    /// <summary>The current model of <paramref name="code"/> (compared ordinally, as the database does), or null.</summary>
    /// <param name="services">The request's services: its <see cref="GongzhiDb"/> is resolved only to load the models.</param>
    public async ValueTask<DisposalModel?> CurrentAsync(IServiceProvider services, string code, CancellationToken ct)
    {
        var models = await _current.GetAsync(true, services, static (sp, ct) => LoadAsync(sp.GetRequiredService<GongzhiDb>(), ct), ct);
        if (!models.TryGetValue(code, out var model)) return null;
        // Two current versions of one code: fail as the query it replaces did (SingleOrDefault), for that code only.
        return model ?? throw new InvalidOperationException($"More than one current disposal model {code}");
    }

    static async Task<IReadOnlyDictionary<string, DisposalModel?>> LoadAsync(GongzhiDb db, CancellationToken ct) =>
        (await db.Set<DisposalModel>().AsNoTracking().Where(m => m.IsCurrent).ToListAsync(ct))
            .GroupBy(m => m.Code, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Count() == 1 ? g.First() : null, StringComparer.Ordinal);
}
