using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>A user acts in <see cref="Role"/> on every area whose code starts with <see cref="AreaCode"/>.</summary>
public sealed class RoleAssignment : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserId { get; init; }
    public required AppRole Role { get; init; }
    public required string AreaCode { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> b)
    {
        b.ToTable("role_assignments");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
        b.HasIndex(x => new { x.UserId, x.Role, x.AreaCode }).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
