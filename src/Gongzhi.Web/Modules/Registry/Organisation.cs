using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// The kinds of organisation around the community (RG-3, the "多元" around the "一核"): 企业, 社会组织, 物业公司, 业委会,
/// 居委会, 驻区单位 and 两新组织 (new economic and new social organisations, whose party coverage PT-5 follows).
/// </summary>
public enum OrganisationKind
{
    Enterprise = 1,
    SocialOrganisation = 2,
    PropertyCompany = 3,
    OwnersCommittee = 4,
    ResidentsCommittee = 5,
    StationedUnit = 6,
    NewEconomic = 7,
}

/// <summary>
/// An organisation of the registry (RG-3). The area code is its grid (15 digits) or building (18 digits): area scope is
/// a prefix of it. The contact phone is kept encrypted and shown masked, like a person's.
/// </summary>
public sealed class Organisation : IAreaOwned
{
    /// <summary>两新 organisations with at least this many party members should have a party organisation of their own.</summary>
    public const int PartyOrganisationThreshold = 3;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public OrganisationKind Kind { get; set; }
    /// <summary>统一社会信用代码 (GB 32100-2015), optional; unique when given.</summary>
    public string? CreditCode { get; set; }
    public required string AreaCode { get; set; }
    public string? Address { get; set; }
    public double? Lat { get; set; }
    public double? Lng { get; set; }
    public string? ContactName { get; set; }
    [AuditSkip] public string? ContactPhoneCipher { get; set; }
    public string? ContactPhoneMasked { get; set; }
    /// <summary>Size: the number of employees (or members, for committees).</summary>
    public int? Employees { get; set; }
    public int PartyMembers { get; set; }
    /// <summary>Whether it has a party organisation of its own (or a joint one); PT-5 coverage reads it.</summary>
    public bool HasPartyOrganisation { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    /// <summary>A 两新 organisation with enough party members and no party organisation: a blank spot (空白点) of PT-5.</summary>
    public bool IsPartyGap => Kind == OrganisationKind.NewEconomic && PartyMembers >= PartyOrganisationThreshold && !HasPartyOrganisation;
}

sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> b)
    {
        b.ToTable("registry_organisations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.CreditCode).HasMaxLength(18);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.ContactName).HasMaxLength(50);
        b.Property(x => x.ContactPhoneCipher).HasMaxLength(400);
        b.Property(x => x.ContactPhoneMasked).HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.IsPartyGap);
        b.HasIndex(x => x.CreditCode).IsUnique(); // NULLs do not collide
        b.HasIndex(x => new { x.AreaCode, x.Name });
        b.HasIndex(x => new { x.Kind, x.AreaCode });
    }
}
