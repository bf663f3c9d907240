using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Party;

/// <summary>
/// The kinds of party organisation (AR-4): the four levels mapped on the area tree — 街道党工委 (street), 社区大党委
/// (community), 网格党支部 (grid), 楼栋党小组 (building) — and the organisations of 两新 and 驻区 units, which sit under a
/// community committee (大党委 member units) at the grid or building where the unit is.
/// </summary>
public enum PartyOrgKind
{
    StreetWorkingCommittee = 1,
    CommunityCommittee = 2,
    GridBranch = 3,
    BuildingGroup = 4,
    NewEconomicOrg = 5,
    StationedUnitOrg = 6,
}

/// <summary>A party organisation. Its area is fixed at creation; its members' area codes copy it (area scope).</summary>
public sealed class PartyOrg : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public PartyOrgKind Kind { get; init; }
    public required string Name { get; set; }
    public Guid? ParentId { get; init; }
    public required string AreaCode { get; init; }
    /// <summary>The registry organisation (两新 or 驻区 unit) this organisation is the party organisation of; by id, no FK.</summary>
    public Guid? RegistryOrganisationId { get; set; }
    public Guid? SecretaryId { get; set; }
    /// <summary>Committee members as "id" or "id:p" (兼职委员, part-time, from a stationed unit), comma-separated.</summary>
    public string Committee { get; set; } = "";
    /// <summary>软弱涣散: flagged for rectification (PT-5).</summary>
    public bool Weak { get; set; }
    public string? WeakNote { get; set; }
    /// <summary>成立日期: periods of the meeting schedule before it do not count.</summary>
    public DateOnly EstablishedOn { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<(Guid MemberId, bool PartTime)> CommitteeSeats =>
        [.. Committee.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (Guid.Parse(s.Split(':')[0]), s.EndsWith(":p", StringComparison.Ordinal)))];

    public static string JoinCommittee(IEnumerable<(Guid MemberId, bool PartTime)> seats) =>
        string.Join(',', seats.DistinctBy(s => s.MemberId).Select(s => s.MemberId + (s.PartTime ? ":p" : "")));
}

/// <summary>预备党员 / 正式党员 / 已转出 (transferred out of the district's organisations).</summary>
public enum MemberStatus { Probationary = 1, Regular = 2, TransferredOut = 3 }

/// <summary>流动党员: none, flowed out (working elsewhere), flowed in (from elsewhere, attached here).</summary>
public enum MemberFlow { None = 0, Out = 1, In = 2 }

/// <summary>A party member (PT-1). The area code is the organisation's; the phone is sealed and shown masked.</summary>
public sealed class PartyMember : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>The registry person, by id (no FK: the registry is another module).</summary>
    public Guid? PersonId { get; set; }
    /// <summary>The member's own account, for "my record" (PartyMember role).</summary>
    public string? UserId { get; set; }
    public Guid OrgId { get; set; }
    public required string AreaCode { get; set; }
    public MemberStatus Status { get; set; }
    /// <summary>入党日期: the day they became a probationary member.</summary>
    public DateOnly JoinedOn { get; set; }
    /// <summary>转正日期: at least a year after <see cref="JoinedOn"/>.</summary>
    public DateOnly? RegularOn { get; set; }
    [AuditSkip] public string? PhoneCipher { get; set; }
    public string? PhoneMasked { get; set; }
    /// <summary>在职党员: works in a unit and reports (报到) to the community where they live.</summary>
    public bool InService { get; set; }
    public string? WorkUnit { get; set; }
    public string? ResidenceCommunity { get; set; }
    public DateOnly? ReportedOn { get; set; }
    public MemberFlow Flow { get; set; }
    /// <summary>Where a flowing member went to or came from.</summary>
    public string? FlowPlace { get; set; }
    /// <summary>The 流动党员之家 (home of flowing members) and its contact.</summary>
    public string? FlowHome { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>One 组织关系转接 (transfer of a member's organisational relation): from one organisation to another, or out.</summary>
public sealed class PartyTransfer
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MemberId { get; init; }
    public Guid FromOrgId { get; init; }
    public Guid? ToOrgId { get; init; }
    /// <summary>Where the member went when transferred out of the district's organisations.</summary>
    public string? Destination { get; init; }
    public string? Note { get; init; }
    public DateOnly On { get; init; }
    public required string ByUser { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>三会一课 and 主题党日 (PT-2). 书记讲坛 is a 党课 given by the secretary and counts as one.</summary>
public enum MeetingKind
{
    GeneralMeeting = 1,
    CommitteeMeeting = 2,
    GroupMeeting = 3,
    PartyLecture = 4,
    SecretaryLecture = 5,
    ThemeDay = 6,
}

/// <summary>A meeting of an organisation: planned, then held with minutes and attendance (member ids).</summary>
public sealed class PartyMeeting : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrgId { get; init; }
    public required string AreaCode { get; init; }
    public MeetingKind Kind { get; set; }
    public required string Title { get; set; }
    public DateOnly PlannedOn { get; set; }
    public DateOnly? HeldOn { get; set; }
    public string? Agenda { get; set; }
    public string? Minutes { get; set; }
    /// <summary>Member ids, comma-separated.</summary>
    public string Attendance { get; set; } = "";
    /// <summary>Photo links, one a line (optional).</summary>
    public string? Photos { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<Guid> Attendees => [.. Attendance.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
}

/// <summary>党费: one row per member and month, the amount computed from the income by <see cref="Dues.Monthly"/>.</summary>
public sealed class PartyDues : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MemberId { get; init; }
    public required string AreaCode { get; set; }
    /// <summary>yyyy-MM.</summary>
    public required string Month { get; init; }
    public decimal Income { get; set; }
    public decimal Amount { get; set; }
    public DateOnly? PaidOn { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

sealed class PartyOrgConfiguration : IEntityTypeConfiguration<PartyOrg>
{
    public void Configure(EntityTypeBuilder<PartyOrg> b)
    {
        b.ToTable("party_orgs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Committee).HasMaxLength(2000);
        b.Property(x => x.WeakNote).HasMaxLength(500);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.CommitteeSeats);
        b.HasIndex(x => new { x.AreaCode, x.Kind });
        b.HasIndex(x => x.ParentId);
        b.HasIndex(x => x.RegistryOrganisationId);
    }
}

sealed class PartyMemberConfiguration : IEntityTypeConfiguration<PartyMember>
{
    public void Configure(EntityTypeBuilder<PartyMember> b)
    {
        b.ToTable("party_members");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Flow).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.PhoneCipher).HasMaxLength(400);
        b.Property(x => x.PhoneMasked).HasMaxLength(20);
        b.Property(x => x.WorkUnit).HasMaxLength(100);
        b.Property(x => x.ResidenceCommunity).HasMaxLength(12);
        b.Property(x => x.FlowPlace).HasMaxLength(100);
        b.Property(x => x.FlowHome).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.AreaCode, x.Name });
        b.HasIndex(x => x.OrgId);
        b.HasIndex(x => x.PersonId);
        b.HasIndex(x => x.UserId);
        b.HasIndex(x => x.ResidenceCommunity);
    }
}

sealed class PartyTransferConfiguration : IEntityTypeConfiguration<PartyTransfer>
{
    public void Configure(EntityTypeBuilder<PartyTransfer> b)
    {
        b.ToTable("party_transfers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Destination).HasMaxLength(200);
        b.Property(x => x.Note).HasMaxLength(500);
        b.Property(x => x.ByUser).HasMaxLength(256);
        b.HasIndex(x => x.MemberId);
    }
}

sealed class PartyMeetingConfiguration : IEntityTypeConfiguration<PartyMeeting>
{
    public void Configure(EntityTypeBuilder<PartyMeeting> b)
    {
        b.ToTable("party_meetings");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Agenda).HasMaxLength(4000);
        b.Property(x => x.Minutes).HasMaxLength(20000);
        b.Property(x => x.Attendance).HasMaxLength(20000);
        b.Property(x => x.Photos).HasMaxLength(4000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Attendees);
        b.HasIndex(x => new { x.OrgId, x.HeldOn });
        b.HasIndex(x => new { x.AreaCode, x.PlannedOn });
    }
}

sealed class PartyDuesConfiguration : IEntityTypeConfiguration<PartyDues>
{
    public void Configure(EntityTypeBuilder<PartyDues> b)
    {
        b.ToTable("party_dues");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Month).HasMaxLength(7);
        b.Property(x => x.Income).HasPrecision(12, 2);
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.HasIndex(x => new { x.MemberId, x.Month }).IsUnique();
        b.HasIndex(x => new { x.AreaCode, x.Month });
    }
}
