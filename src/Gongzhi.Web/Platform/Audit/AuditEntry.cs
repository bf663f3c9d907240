using Gongzhi.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Audit;

public enum AuditAction { Create = 1, Update = 2, Delete = 3, View = 4 }

/// <summary>One change (or one view of personal data): who, when, what, before and after.</summary>
public sealed class AuditEntry : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset At { get; init; }
    public string? UserId { get; init; }
    public string? UserName { get; init; }
    public AuditAction Action { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    /// <summary>The area the row belongs to ("" when it belongs to none), so the log is scoped like the data.</summary>
    public string AreaCode { get; init; } = "";
    public string? Before { get; init; }
    public string? After { get; init; }
    public string? Reason { get; init; }
}

sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Action).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.EntityType).HasMaxLength(64);
        b.Property(x => x.EntityId).HasMaxLength(64);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.AreaCode, x.At });
        b.HasIndex(x => new { x.UserId, x.At });
    }
}
