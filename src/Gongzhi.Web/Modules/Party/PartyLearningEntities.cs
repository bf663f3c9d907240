using Gongzhi.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Party;

/// <summary>The kind of a learning resource (PT-3): a text, a link, a link to a video (live or recorded).</summary>
public enum ResourceKind { Text = 1, Link = 2, Video = 3 }

/// <summary>A learning resource published by an organisation; visible to the organisations at and under its area.</summary>
public sealed class PartyLearningResource : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrgId { get; init; }
    public required string AreaCode { get; init; }
    public required string Title { get; set; }
    public ResourceKind Kind { get; set; }
    /// <summary>学时 credited for studying it.</summary>
    public decimal Hours { get; set; }
    public string? Body { get; set; }
    public string? Url { get; set; }
    public DateOnly PublishedOn { get; set; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One entry of a member's 学习电子档案: a resource studied or free text, the day, the hours.</summary>
public sealed class PartyLearningRecord : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MemberId { get; init; }
    /// <summary>The member's organisation's area when recorded.</summary>
    public required string AreaCode { get; init; }
    public Guid? ResourceId { get; set; }
    public required string Topic { get; set; }
    public DateOnly On { get; set; }
    public decimal Hours { get; set; }
    public required string ByUser { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The yearly 学时 target of the members of a street (set by the street working committee's writers).</summary>
public sealed class PartyLearningTarget : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The street (9 digits).</summary>
    public required string AreaCode { get; init; }
    public decimal HoursPerYear { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

sealed class PartyLearningResourceConfiguration : IEntityTypeConfiguration<PartyLearningResource>
{
    public void Configure(EntityTypeBuilder<PartyLearningResource> b)
    {
        b.ToTable("party_learning_resources");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Hours).HasPrecision(5, 1);
        b.Property(x => x.Body).HasMaxLength(20000);
        b.Property(x => x.Url).HasMaxLength(1000);
        b.Property(x => x.CreatedBy).HasMaxLength(64);
        b.HasIndex(x => x.AreaCode);
    }
}

sealed class PartyLearningRecordConfiguration : IEntityTypeConfiguration<PartyLearningRecord>
{
    public void Configure(EntityTypeBuilder<PartyLearningRecord> b)
    {
        b.ToTable("party_learning_records");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Topic).HasMaxLength(200);
        b.Property(x => x.Hours).HasPrecision(5, 1);
        b.Property(x => x.ByUser).HasMaxLength(64);
        b.HasIndex(x => new { x.MemberId, x.On });
        b.HasIndex(x => new { x.AreaCode, x.On });
    }
}

sealed class PartyLearningTargetConfiguration : IEntityTypeConfiguration<PartyLearningTarget>
{
    public void Configure(EntityTypeBuilder<PartyLearningTarget> b)
    {
        b.ToTable("party_learning_targets");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(9);
        b.Property(x => x.HoursPerYear).HasPrecision(5, 1);
        b.HasIndex(x => x.AreaCode).IsUnique();
    }
}
