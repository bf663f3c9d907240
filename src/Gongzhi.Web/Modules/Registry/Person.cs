using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>户籍 (registered here), 常住 (living here, registered elsewhere), 流动 (floating population).</summary>
public enum Residence { Registered = 1, Resident = 2, Floating = 3 }

/// <summary>政治面貌.</summary>
public enum Political { Masses = 1, PartyMember = 2, ProbationaryMember = 3, LeagueMember = 4, DemocraticParty = 5 }

/// <summary>
/// A person of the registry (RG-1). The area code is the building (18 digits) or, without a known building, the grid
/// (15 digits): area scope is a prefix of it. The ID number and the phone are kept encrypted; lists and pages show the
/// masked copies; the keyed hash finds the same ID number again without decrypting anything.
/// </summary>
public sealed class Person : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Gender? Gender { get; set; }
    /// <summary>Kept out of the audit log and shown only as a year: with it, the masked ID number could be rebuilt.</summary>
    [AuditSkip] public DateOnly? BirthDate { get; set; }
    [AuditSkip] public string? IdNumberCipher { get; set; }
    [AuditSkip] public string? IdNumberHash { get; set; }
    /// <summary>3201**********1234.</summary>
    public string? IdNumberMasked { get; set; }
    /// <summary>The last four characters, for search by 身份证后四位.</summary>
    [AuditSkip] public string? IdNumberLast4 { get; set; }
    [AuditSkip] public string? PhoneCipher { get; set; }
    public string? PhoneMasked { get; set; }
    [AuditSkip] public string? PhoneTail { get; set; }
    public required string AreaCode { get; set; }
    public Guid? HouseholdId { get; set; }
    public string? Address { get; set; }
    public Residence Residence { get; set; } = Residence.Registered;
    public Political Political { get; set; } = Political.Masses;
    /// <summary>Special-group tags as "|独居老人|低保|" (codes of <see cref="RegistryTag"/>), so one LIKE finds a tag.</summary>
    public string Tags { get; set; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<string> TagList => Tags.Split('|', StringSplitOptions.RemoveEmptyEntries);

    public static string JoinTags(IEnumerable<string> tags) =>
        tags.Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList() is { Count: > 0 } list ? "|" + string.Join('|', list) + "|" : "";
}

/// <summary>A household (户): a room of a building, its members, its head.</summary>
public sealed class Household : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>The 18-digit building code.</summary>
    public required string AreaCode { get; init; }
    public required string Room { get; set; }
    public Guid? HeadPersonId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A special-group tag that other modules use for visits and pairing; the district edits the list.</summary>
public sealed class RegistryTag
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public int Order { get; set; }

    public static readonly RegistryTag[] Defaults =
    [
        new() { Code = "独居老人", Name = "独居老人", NameEn = "Elderly living alone", Order = 1 },
        new() { Code = "空巢老人", Name = "空巢老人", NameEn = "Empty-nest elderly", Order = 2 },
        new() { Code = "困难家庭", Name = "困难家庭", NameEn = "Family in difficulty", Order = 3 },
        new() { Code = "残疾人", Name = "残疾人", NameEn = "Person with disability", Order = 4 },
        new() { Code = "低保", Name = "低保", NameEn = "Minimum living allowance", Order = 5 },
        new() { Code = "留守儿童", Name = "留守儿童", NameEn = "Left-behind child", Order = 6 },
        new() { Code = "退役军人", Name = "退役军人", NameEn = "Veteran", Order = 7 },
        new() { Code = "重点关注", Name = "重点关注", NameEn = "Needs attention", Order = 8 },
    ];
}

sealed class RegistryConfiguration : IEntityTypeConfiguration<Person>, IEntityTypeConfiguration<Household>, IEntityTypeConfiguration<RegistryTag>
{
    public void Configure(EntityTypeBuilder<Person> b)
    {
        b.ToTable("people");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Gender).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.IdNumberCipher).HasMaxLength(400);
        b.Property(x => x.IdNumberHash).HasMaxLength(64);
        b.Property(x => x.IdNumberMasked).HasMaxLength(18);
        b.Property(x => x.IdNumberLast4).HasMaxLength(4);
        b.Property(x => x.PhoneCipher).HasMaxLength(400);
        b.Property(x => x.PhoneMasked).HasMaxLength(20);
        b.Property(x => x.PhoneTail).HasMaxLength(4);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.Residence).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Political).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Tags).HasMaxLength(400);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.TagList);
        b.HasIndex(x => x.IdNumberHash).IsUnique(); // one person per ID number (NULLs do not collide)
        b.HasIndex(x => new { x.AreaCode, x.Name });
        b.HasIndex(x => x.HouseholdId);
        b.HasIndex(x => x.IdNumberLast4);
        b.HasIndex(x => x.PhoneTail);
        b.HasOne<Household>().WithMany().HasForeignKey(x => x.HouseholdId).OnDelete(DeleteBehavior.SetNull);
    }

    public void Configure(EntityTypeBuilder<Household> b)
    {
        b.ToTable("households");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Room).HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.AreaCode, x.Room }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<RegistryTag> b)
    {
        b.ToTable("registry_tags");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(20);
        b.Property(x => x.NameEn).HasMaxLength(50);
        b.HasData(RegistryTag.Defaults);
    }
}
