using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>一格三员: the three roles of a grid.</summary>
public enum GridRole { Manager = 1, Assistant = 2, Supervisor = 3 }

/// <summary>A person serving a grid in one of its three roles; full-time grid workers (专职网格员) are marked.</summary>
public sealed class GridStaff : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The grid's code.</summary>
    public required string AreaCode { get; init; }
    public required string Name { get; set; }
    [AuditMask] public string? Phone { get; set; }
    public GridRole Role { get; set; }
    public bool FullTime { get; set; }
    /// <summary>The person's account, when they have one (a grid worker signing in on a phone).</summary>
    public string? UserId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

sealed class GridStaffConfiguration : IEntityTypeConfiguration<GridStaff>
{
    public void Configure(EntityTypeBuilder<GridStaff> b)
    {
        b.ToTable("grid_staff");
        b.HasKey(x => x.Id);
        b.Property(x => x.AreaCode).HasMaxLength(15);
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.AreaCode, x.Role });
        b.HasOne<Area>().WithMany().HasForeignKey(x => x.AreaCode).OnDelete(DeleteBehavior.Cascade);
    }
}
