using Gongzhi.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>What a place of the registry is: a public facility, a component (部件: manhole cover, street lamp …) or a camera.</summary>
public enum PlaceKind { Facility = 1, Component = 2, Camera = 3 }

/// <summary>完好 / 破损 / 丢失.</summary>
public enum PlaceStatus { Normal = 1, Damaged = 2, Lost = 3 }

/// <summary>
/// A place or thing of the registry (RG-2): a point (WGS-84) located to its grid, which is its area code; a GB/T 30428.2
/// component code (unique); optionally the building it belongs to, and for cameras the video point's id.
/// </summary>
public sealed class Place : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public PlaceKind Kind { get; set; }
    public required string Name { get; set; }
    /// <summary>16 digits: county + 大类 + 小类 + serial (<see cref="ComponentCode"/>).</summary>
    public required string Code { get; set; }
    /// <summary>The 大类 (digits 7–8 of the code), kept for filtering.</summary>
    public required string Major { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    /// <summary>The grid the point lies in (15 digits).</summary>
    public required string AreaCode { get; set; }
    public string? BuildingCode { get; set; }
    public string? Address { get; set; }
    public PlaceStatus Status { get; set; } = PlaceStatus.Normal;
    /// <summary>For cameras: the video point's id on the video platform (e.g. a GB/T 28181 device id).</summary>
    public string? CameraPointId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> b)
    {
        b.ToTable("registry_places");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Code).HasMaxLength(16);
        b.Property(x => x.Major).HasMaxLength(2);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.BuildingCode).HasMaxLength(18);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.CameraPointId).HasMaxLength(64);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.Code).IsUnique();
        b.HasIndex(x => new { x.AreaCode, x.Kind });
    }
}
