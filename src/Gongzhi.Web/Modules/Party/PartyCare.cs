using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Modules.Registry.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Party;

/// <summary>民主评议 grades: 优秀, 合格, 基本合格, 不合格.</summary>
public enum EvaluationGrade { Excellent = 1, Qualified = 2, BasicallyQualified = 3, Unqualified = 4 }

/// <summary>An award (表彰) or a discipline record (处分/处置).</summary>
public enum AwardKind { Award = 1, Discipline = 2 }

/// <summary>谈心谈话, 走访慰问, 结对帮扶.</summary>
public enum CareKind { Talk = 1, Visit = 2, Pairing = 3 }

/// <summary>
/// 民主评议 of one member for one year (PT-4): the self-assessment (text), the mutual evaluation (党员互评: average score
/// 0–100 and how many members scored), the masses' score (群众评议, 0–100), and the grade set by the organisation.
/// One per member and year. The area code is the member's organisation's (scope).
/// </summary>
public sealed class PartyEvaluation : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MemberId { get; init; }
    public Guid OrgId { get; set; }
    public required string AreaCode { get; set; }
    public int Year { get; init; }
    public string? SelfAssessment { get; set; }
    public decimal? MutualScore { get; set; }
    public int MutualCount { get; set; }
    public decimal? MassesScore { get; set; }
    public EvaluationGrade? Grade { get; set; }
    public string? GradedBy { get; set; }
    public DateOnly? GradedOn { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>An award or a discipline record of a member (PT-4).</summary>
public sealed class PartyAward : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MemberId { get; init; }
    public required string AreaCode { get; set; }
    public AwardKind Kind { get; set; }
    public DateOnly On { get; set; }
    public required string Text { get; set; }
    /// <summary>Who recorded it (a correction keeps it; the audit log says who changed it).</summary>
    public required string ByUser { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A care record (PT-4): 谈心谈话, 走访慰问 or 结对帮扶 of a member or of a registry person (by id, no FK); who did it,
/// a note and a follow-up. The area code is the member's, or where the person lives.
/// </summary>
public sealed class PartyCareRecord : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public CareKind Kind { get; set; }
    public Guid? MemberId { get; init; }
    public Guid? PersonId { get; init; }
    /// <summary>The member's or person's name when recorded (the registry is another module).</summary>
    public required string Subject { get; init; }
    public required string AreaCode { get; init; }
    public DateOnly On { get; set; }
    public required string By { get; set; }
    public string? Note { get; set; }
    public string? FollowUp { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

sealed class PartyEvaluationConfiguration : IEntityTypeConfiguration<PartyEvaluation>
{
    public void Configure(EntityTypeBuilder<PartyEvaluation> b)
    {
        b.ToTable("party_evaluations");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.SelfAssessment).HasMaxLength(4000);
        b.Property(x => x.MutualScore).HasPrecision(5, 2);
        b.Property(x => x.MassesScore).HasPrecision(5, 2);
        b.Property(x => x.Grade).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.GradedBy).HasMaxLength(256);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.MemberId, x.Year }).IsUnique();
        b.HasIndex(x => new { x.OrgId, x.Year });
        b.HasIndex(x => new { x.AreaCode, x.Year });
    }
}

sealed class PartyAwardConfiguration : IEntityTypeConfiguration<PartyAward>
{
    public void Configure(EntityTypeBuilder<PartyAward> b)
    {
        b.ToTable("party_awards");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.ByUser).HasMaxLength(256);
        b.HasIndex(x => x.MemberId);
        b.HasIndex(x => x.AreaCode);
    }
}

sealed class PartyCareRecordConfiguration : IEntityTypeConfiguration<PartyCareRecord>
{
    public void Configure(EntityTypeBuilder<PartyCareRecord> b)
    {
        b.ToTable("party_care_records");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Subject).HasMaxLength(50);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.By).HasMaxLength(100);
        b.Property(x => x.Note).HasMaxLength(2000);
        b.Property(x => x.FollowUp).HasMaxLength(2000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.AreaCode, x.On });
        b.HasIndex(x => x.MemberId);
        b.HasIndex(x => x.PersonId);
    }
}

/// <summary>
/// The suggested grade of 民主评议 (PT-4). Pure. The composite is the mean of the mutual score (党员互评) and the masses'
/// score (群众评议), both 0–100: ≥ 90 优秀, ≥ 75 合格, ≥ 60 基本合格, below 不合格. No suggestion without a self-assessment
/// or without both scores. The organisation decides the grade (it may differ from the suggestion).
/// </summary>
public static class EvaluationRules
{
    public static decimal? Composite(decimal? mutual, decimal? masses) =>
        mutual is { } a && masses is { } b ? Math.Round((a + b) / 2m, 2, MidpointRounding.AwayFromZero) : null;

    public static EvaluationGrade? Suggest(bool selfAssessed, decimal? mutual, decimal? masses) =>
        !selfAssessed || Composite(mutual, masses) is not { } c ? null
        : c >= 90m ? EvaluationGrade.Excellent
        : c >= 75m ? EvaluationGrade.Qualified
        : c >= 60m ? EvaluationGrade.BasicallyQualified
        : EvaluationGrade.Unqualified;

    /// <summary>A score is 0–100 (or left out).</summary>
    public static bool ValidScore(decimal? score) => score is null || score is >= 0m and <= 100m;
}

/// <summary>PT-4 evaluation and care: 民主评议 per member and year, awards and discipline, care records.</summary>
public static class PartyCare
{
    public sealed record EvaluationEdit(
        Guid MemberId,
        int Year,
        [property: MaxLength(4000)] string? SelfAssessment = null,
        decimal? MutualScore = null,
        [property: Range(0, 10000)] int MutualCount = 0,
        decimal? MassesScore = null,
        EvaluationGrade? Grade = null);

    public sealed record EvaluationView(Guid Id, Guid MemberId, string MemberName, Guid OrgId, int Year, string? SelfAssessment, decimal? MutualScore, int MutualCount,
        decimal? MassesScore, decimal? Composite, EvaluationGrade? Suggested, EvaluationGrade? Grade, string? GradedBy, DateOnly? GradedOn);

    /// <summary>A member of the organisation (or below) with their evaluation of the year, if any.</summary>
    public sealed record EvaluationRow(Guid MemberId, string MemberName, string OrgName, MemberStatus Status, EvaluationView? Evaluation);

    public sealed record AwardEdit(Guid MemberId, AwardKind Kind, DateOnly On, [property: Required, MaxLength(1000)] string Text);
    public sealed record AwardView(Guid Id, Guid MemberId, AwardKind Kind, DateOnly On, string Text, string ByUser);

    public sealed record CareEdit(
        CareKind Kind,
        DateOnly On,
        [property: Required, MaxLength(100)] string By,
        Guid? MemberId = null,
        Guid? PersonId = null,
        [property: MaxLength(2000)] string? Note = null,
        [property: MaxLength(2000)] string? FollowUp = null);

    public sealed record CareView(Guid Id, CareKind Kind, Guid? MemberId, Guid? PersonId, string Subject, string AreaCode, DateOnly On, string By, string? Note, string? FollowUp);

    public static void Map(RouteGroupBuilder party)
    {
        var ev = party.MapGroup("/evaluations");
        ev.MapGet("/", async Task<Results<Ok<List<EvaluationRow>>, ProblemHttpResult>> (Guid org, int year, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await EvaluationsAsync(db, caller, org, year, ct) is { } rows ? TypedResults.Ok(rows) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("民主评议 of a year: the active members of an organisation and below, each with their evaluation (or none yet) and the suggested grade");
        ev.MapGet("/member/{id:guid}", async Task<Results<Ok<List<EvaluationView>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await OfMemberAsync(db, caller, id, ct) is { } rows ? TypedResults.Ok(rows) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("A member's evaluations, newest year first");
        ev.MapPost("/", async (EvaluationEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveEvaluationAsync(db, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/party/evaluations/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Record a member's 民主评议 of a year (one per member and year: 409); scores 0–100; the grade optional");
        ev.MapPut("/{id:guid}", async (Guid id, EvaluationEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveEvaluationAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Update an evaluation and grade it (member and year fixed)");

        var awards = party.MapGroup("/awards");
        awards.MapGet("/", async Task<Results<Ok<List<AwardView>>, ProblemHttpResult>> (Guid member, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await AwardsAsync(db, caller, member, ct) is { } rows ? TypedResults.Ok(rows) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("A member's awards and discipline records, newest first");
        awards.MapGet("/me", async Task<Results<Ok<List<AwardView>>, ProblemHttpResult>> (GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await PartyMembers.MineAsync(db, caller, ct) is { } me ? TypedResults.Ok(await AwardsOfAsync(db, me.Id, ct)) : Problems.NotFound(http))
            .RequirePermission(Permission.PartySelf)
            .WithSummary("The signed-in party member's own awards and discipline records, newest first (a member is told their own record)");
        awards.MapPost("/", async (AwardEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await AddAwardAsync(db, clock, caller, body, ct);
                return TypedResults.Created($"/api/party/awards/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Record an award or a discipline record of a member");
        awards.MapPut("/{id:guid}", async (Guid id, AwardEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await CorrectAwardAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Correct an award or discipline record (kind, day, text; the member is fixed)");
        awards.MapDelete("/{id:guid}", async (Guid id, GongzhiDb db, Caller caller, CancellationToken ct) =>
            {
                await RemoveAwardAsync(db, caller, id, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Remove a mistaken award or discipline record (the audit log keeps it)");

        var care = party.MapGroup("/care");
        care.MapGet("/", async ([AsParameters] PageRequest page, string? area, Guid? member, Guid? person, CareKind? kind, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await CareListAsync(db, caller, area, member, person, kind, page, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Care records (谈心谈话, 走访慰问, 结对帮扶) under an area, of a member or a registry person, newest first");
        care.MapPost("/", async (CareEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveCareAsync(db, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/party/care/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Record a care visit of a member or of a registry person (in your scope)");
        care.MapPut("/{id:guid}", async (Guid id, CareEdit body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveCareAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Update a care record (kind, day, who, note, follow-up; the subject is fixed)");
    }

    static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToCst().DateTime);

    static EvaluationView ViewOf(PartyEvaluation e, string name) => new(e.Id, e.MemberId, name, e.OrgId, e.Year, e.SelfAssessment, e.MutualScore, e.MutualCount,
        e.MassesScore, EvaluationRules.Composite(e.MutualScore, e.MassesScore),
        EvaluationRules.Suggest(!string.IsNullOrWhiteSpace(e.SelfAssessment), e.MutualScore, e.MassesScore), e.Grade, e.GradedBy, e.GradedOn);

    /// <summary>Null when the organisation is not readable (404).</summary>
    public static async Task<List<EvaluationRow>?> EvaluationsAsync(GongzhiDb db, Caller caller, Guid orgId, int year, CancellationToken ct)
    {
        if (!await PartyOrgs.Readable(db, caller).AnyAsync(o => o.Id == orgId, ct)) return null;
        var members = await PartyMembers.OfOrgTreeAsync(db, caller, orgId, ct);
        var ids = members.Select(m => m.Id).ToList();
        var evals = ids.Count == 0 ? [] : await db.Set<PartyEvaluation>().AsNoTracking().Where(e => e.Year == year && ids.Contains(e.MemberId)).ToDictionaryAsync(e => e.MemberId, ct);
        return [.. members.Select(m => new EvaluationRow(m.Id, m.Name, m.OrgName, m.Status, evals.TryGetValue(m.Id, out var e) ? ViewOf(e, m.Name) : null))];
    }

    public static async Task<List<EvaluationView>?> OfMemberAsync(GongzhiDb db, Caller caller, Guid memberId, CancellationToken ct)
    {
        var m = await PartyMembers.Readable(db, caller).AsNoTracking().SingleOrDefaultAsync(x => x.Id == memberId, ct);
        if (m is null) return null;
        return [.. (await db.Set<PartyEvaluation>().AsNoTracking().Where(e => e.MemberId == memberId).ToListAsync(ct)).OrderByDescending(e => e.Year).Select(e => ViewOf(e, m.Name))];
    }

    public static async Task<EvaluationView> SaveEvaluationAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid? id, EvaluationEdit body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = Today(clock);
        var e = id is { } existing
            ? await db.Set<PartyEvaluation>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(x => x.Id == existing, ct)
                ?? throw new DomainException("not_found", "No such evaluation") { Status = 404 }
            : null;
        if (e is not null && (e.MemberId != body.MemberId || e.Year != body.Year))
            throw new DomainException("party.evaluation.fixed", "The member and year of an evaluation cannot change");
        var member = await db.Set<PartyMember>().AsNoTracking().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(m => m.Id == body.MemberId, ct)
            ?? throw new DomainException("not_found", "No such member") { Status = 404 };
        if (e is null && member.Status == MemberStatus.TransferredOut) throw new DomainException("party.member.transferred", "The member was transferred out");
        if (body.Year < 2000 || body.Year > today.Year) throw new DomainException("party.evaluation.year", "The year must be this year or an earlier one", body.Year);
        if (!EvaluationRules.ValidScore(body.MutualScore) || !EvaluationRules.ValidScore(body.MassesScore))
            throw new DomainException("party.evaluation.score", "Scores are from 0 to 100");
        if (body.MutualCount < 0) throw new DomainException("party.evaluation.score", "Scores are from 0 to 100");
        if (body.Grade is { } g && !Enum.IsDefined(g)) throw new DomainException("party.evaluation.grade", "Unknown grade") { Status = 400 };
        if (e is null && await db.Set<PartyEvaluation>().AnyAsync(x => x.MemberId == body.MemberId && x.Year == body.Year, ct))
            throw DomainException.Conflict("party.evaluation.duplicate", "The member already has an evaluation for this year", body.Year);

        if (e is null)
        {
            e = new PartyEvaluation { MemberId = member.Id, Year = body.Year, AreaCode = member.AreaCode, OrgId = member.OrgId, CreatedAt = now };
            db.Add(e);
        }
        e.SelfAssessment = string.IsNullOrWhiteSpace(body.SelfAssessment) ? null : body.SelfAssessment.Trim();
        e.MutualScore = body.MutualScore;
        e.MutualCount = body.MutualScore is null ? 0 : body.MutualCount;
        e.MassesScore = body.MassesScore;
        if (e.Grade != body.Grade)
        {
            e.Grade = body.Grade;
            e.GradedBy = body.Grade is null ? null : caller.UserName;
            e.GradedOn = body.Grade is null ? null : today;
        }
        e.UpdatedAt = now;
        e.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return ViewOf(e, member.Name);
    }

    public static async Task<List<AwardView>?> AwardsAsync(GongzhiDb db, Caller caller, Guid memberId, CancellationToken ct)
    {
        if (!await PartyMembers.Readable(db, caller).AnyAsync(x => x.Id == memberId, ct)) return null;
        return await AwardsOfAsync(db, memberId, ct);
    }

    /// <summary>A member's awards and discipline, newest first (the caller's right to see them is checked by the callers).</summary>
    internal static async Task<List<AwardView>> AwardsOfAsync(GongzhiDb db, Guid memberId, CancellationToken ct)
    {
        return [.. (await db.Set<PartyAward>().AsNoTracking().Where(a => a.MemberId == memberId).ToListAsync(ct))
            .OrderByDescending(a => a.On).Select(a => new AwardView(a.Id, a.MemberId, a.Kind, a.On, a.Text, a.ByUser))];
    }

    public static async Task<AwardView> AddAwardAsync(GongzhiDb db, TimeProvider clock, Caller caller, AwardEdit body, CancellationToken ct)
    {
        var member = await db.Set<PartyMember>().AsNoTracking().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(m => m.Id == body.MemberId, ct)
            ?? throw new DomainException("not_found", "No such member") { Status = 404 };
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("party.award.kind", "Unknown kind of record") { Status = 400 };
        if (body.On > Today(clock)) throw new DomainException("party.award.future", "The day cannot be in the future");
        var text = body.Text.Trim();
        if (text.Length == 0) throw new DomainException("party.award.text", "Describe the award or the discipline");
        var a = new PartyAward { MemberId = member.Id, AreaCode = member.AreaCode, Kind = body.Kind, On = body.On, Text = text, ByUser = caller.UserName, CreatedAt = clock.GetUtcNow() };
        db.Add(a);
        await db.SaveChangesAsync(ct);
        return new(a.Id, a.MemberId, a.Kind, a.On, a.Text, a.ByUser);
    }

    static async Task<PartyAward> WritableAwardAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        await db.Set<PartyAward>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new DomainException("not_found", "No such record") { Status = 404 };

    public static async Task<AwardView> CorrectAwardAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, AwardEdit body, CancellationToken ct)
    {
        var a = await WritableAwardAsync(db, caller, id, ct);
        if (a.MemberId != body.MemberId) throw new DomainException("party.award.fixed", "The member of a record cannot change");
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("party.award.kind", "Unknown kind of record") { Status = 400 };
        if (body.On > Today(clock)) throw new DomainException("party.award.future", "The day cannot be in the future");
        var text = body.Text.Trim();
        if (text.Length == 0) throw new DomainException("party.award.text", "Describe the award or the discipline");
        (a.Kind, a.On, a.Text) = (body.Kind, body.On, text);
        await db.SaveChangesAsync(ct);
        return new(a.Id, a.MemberId, a.Kind, a.On, a.Text, a.ByUser);
    }

    public static async Task RemoveAwardAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        db.Remove(await WritableAwardAsync(db, caller, id, ct));
        await db.SaveChangesAsync(ct);
    }

    static CareView ViewOf(PartyCareRecord r) => new(r.Id, r.Kind, r.MemberId, r.PersonId, r.Subject, r.AreaCode, r.On, r.By, r.Note, r.FollowUp);

    public static async Task<Page<CareView>> CareListAsync(GongzhiDb db, Caller caller, string? area, Guid? member, Guid? person, CareKind? kind, PageRequest page, CancellationToken ct)
    {
        var query = db.Set<PartyCareRecord>().AsNoTracking().InScope(PartyOrgs.Prefixes(caller, area), r => r.AreaCode);
        if (member is { } m) query = query.Where(r => r.MemberId == m);
        if (person is { } p) query = query.Where(r => r.PersonId == p);
        if (kind is { } k) query = query.Where(r => r.Kind == k);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.On).ThenByDescending(r => r.CreatedAt).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new([.. rows.Select(ViewOf)], total, page.Page, page.PageSize);
    }

    public static async Task<CareView> SaveCareAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid? id, CareEdit body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var r = id is { } existing
            ? await db.Set<PartyCareRecord>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(x => x.Id == existing, ct)
                ?? throw new DomainException("not_found", "No such care record") { Status = 404 }
            : null;
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("party.care.kind", "Unknown kind of care") { Status = 400 };
        if (body.On > Today(clock)) throw new DomainException("party.care.future", "The day cannot be in the future");
        var by = body.By.Trim();
        if (by.Length == 0) throw new DomainException("party.care.by", "Say who visited or talked");
        if (r is not null && (r.MemberId != body.MemberId || r.PersonId != body.PersonId))
            throw new DomainException("party.care.fixed", "The member or person of a care record cannot change");
        if (r is null)
        {
            if ((body.MemberId is null) == (body.PersonId is null)) throw new DomainException("party.care.subject", "Name either a member or a registry person");
            string subject, area;
            if (body.MemberId is { } mid)
            {
                var member = await db.Set<PartyMember>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(m => m.Id == mid, ct)
                    ?? throw new DomainException("not_found", "No such member") { Status = 404 };
                (subject, area) = (member.Name, member.AreaCode);
            }
            else
            {
                // A person outside the caller's scope is as unknown as a missing one (as for a member's registry link):
                // a 403 would tell that the id is a resident of another street.
                var person = await RegistryHouseholds.PersonAsync(db, body.PersonId!.Value, ct) is { } p && caller.Can(Permission.PartyRead, p.AreaCode) ? p
                    : throw new DomainException("party.care.person", "No such person in the registry");
                (subject, area) = (person.Name, person.AreaCode);
            }
            if (!caller.Can(Permission.PartyWrite, area)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
            r = new PartyCareRecord { MemberId = body.MemberId, PersonId = body.PersonId, Subject = subject, AreaCode = area, By = by, CreatedAt = now };
            db.Add(r);
        }
        r.Kind = body.Kind;
        r.On = body.On;
        r.By = by;
        r.Note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim();
        r.FollowUp = string.IsNullOrWhiteSpace(body.FollowUp) ? null : body.FollowUp.Trim();
        r.UpdatedAt = now;
        r.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return ViewOf(r);
    }
}
