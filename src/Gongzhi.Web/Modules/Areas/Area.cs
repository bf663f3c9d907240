using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>A node of the area tree, keyed by its code. Grids carry their boundary; buildings their coordinates.</summary>
public sealed class Area : IAreaOwned
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public AreaLevel Level { get; init; }
    public string? ParentCode { get; init; }
    /// <summary>Boundary as an RFC 7946 GeoJSON geometry (WGS84 lng/lat): grids, and the demo's street/community outlines.</summary>
    public string? Boundary { get; set; }
    public double? Lat { get; set; }
    public double? Lng { get; set; }
    /// <summary>Households in a grid or building (from the registry once it exists; the demo generates them).</summary>
    public int Households { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public string AreaCode => Code;

    public static Area New(string code, string name, string? boundary = null, double? lat = null, double? lng = null, int households = 0) => new()
    {
        Code = code,
        Name = name,
        Level = Areas.AreaCode.LevelOf(code) ?? throw new ArgumentException("Not an area code: " + code, nameof(code)),
        ParentCode = Areas.AreaCode.ParentOf(code),
        Boundary = boundary,
        Lat = lat,
        Lng = lng,
        Households = households,
    };
}

sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> b)
    {
        b.ToTable("areas");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(18);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.ParentCode).HasMaxLength(18);
        b.Property(x => x.Level).HasConversion<int>();
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.AreaCode);
        b.HasIndex(x => x.ParentCode);
        b.HasIndex(x => x.Level);
    }
}

static class AreasDb
{
    public static DbSet<Area> Areas(this GongzhiDb db) => db.Set<Area>();
    public static DbSet<GridStaff> GridStaff(this GongzhiDb db) => db.Set<GridStaff>();
}
