using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Public;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party;

/// <summary>Party members (PT-1): list, read, create, update, 组织关系转接 (transfers, with history), 党费 (dues) per month, my record.</summary>
public static class PartyMembers
{
    /// <summary>
    /// A member as entered. On an update a phone left out (null) keeps what is stored; "" clears it. The organisation of
    /// an existing member changes only by a transfer.
    /// </summary>
    public sealed record Edit(
        [property: Required, MaxLength(50)] string Name,
        Guid OrgId,
        MemberStatus Status,
        DateOnly JoinedOn,
        DateOnly? RegularOn = null,
        Guid? PersonId = null,
        [property: MaxLength(20)] string? Phone = null,
        bool InService = false,
        [property: MaxLength(100)] string? WorkUnit = null,
        [property: MaxLength(12)] string? ResidenceCommunity = null,
        DateOnly? ReportedOn = null,
        MemberFlow Flow = MemberFlow.None,
        [property: MaxLength(100)] string? FlowPlace = null,
        [property: MaxLength(200)] string? FlowHome = null);

    public sealed record View(Guid Id, string Name, Guid? PersonId, Guid OrgId, string OrgName, PartyOrgKind OrgKind, string AreaCode, MemberStatus Status,
        DateOnly JoinedOn, DateOnly? RegularOn, string? Phone, bool InService, string? WorkUnit, string? ResidenceCommunity, DateOnly? ReportedOn,
        MemberFlow Flow, string? FlowPlace, string? FlowHome, DateTimeOffset UpdatedAt);

    public sealed record Transfer(Guid? ToOrgId = null, [property: MaxLength(200)] string? Destination = null, [property: MaxLength(500)] string? Note = null, DateOnly? On = null);

    public sealed record TransferView(Guid Id, Guid FromOrgId, string FromOrg, Guid? ToOrgId, string? ToOrg, string? Destination, string? Note, DateOnly On, string ByUser);

    public sealed record DuesEntry([property: Range(-1_000_000_000, 1_000_000_000)] decimal Income, DateOnly? PaidOn = null);

    public sealed record DuesView(string Month, decimal Income, decimal Amount, DateOnly? PaidOn);

    public static void Map(RouteGroupBuilder party)
    {
        var members = party.MapGroup("/members");
        members.MapGet("/", async ([AsParameters] PageRequest page, string? q, Guid? org, string? area, MemberStatus? status, MemberFlow? flow, bool? inService,
                bool? reportedHere, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SearchAsync(db, caller, new(q, org, area, status, flow, inService, reportedHere ?? false), page, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Members by name, organisation, area, status, flow, 在职党员; reportedHere: the in-service members who reported to a community of your scope (wherever their organisation is); phone masked");
        members.MapGet("/me", async Task<Results<Ok<View>, ProblemHttpResult>> (GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await MineAsync(db, caller, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.PartySelf)
            .WithSummary("The signed-in party member's own record");
        members.MapGet("/me/dues", async Task<Results<Ok<List<DuesView>>, ProblemHttpResult>> (GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await MineAsync(db, caller, ct) is { } me ? TypedResults.Ok(await DuesOfAsync(db, me.Id, ct)) : Problems.NotFound(http))
            .RequirePermission(Permission.PartySelf)
            .WithSummary("The signed-in party member's dues by month, newest first");
        members.MapGet("/{id:guid}", async Task<Results<Ok<View>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await GetAsync(db, caller, id, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("One member, phone masked");
        members.MapPost("/", async (Edit body, GongzhiDb db, PersonalData pd, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SaveAsync(db, pd, clock, caller, null, body, ct);
                return TypedResults.Created($"/api/party/members/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Add a member: made regular only a year or more after joining; 在职党员 with the community they report to; 流动党员 with the place and 流动党员之家");
        members.MapPut("/{id:guid}", async (Guid id, Edit body, GongzhiDb db, PersonalData pd, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SaveAsync(db, pd, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Update a member (the organisation changes only by a transfer)");
        members.MapPost("/{id:guid}/transfer", async (Guid id, Transfer body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await TransferAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("组织关系转接: to another organisation (403 outside your scope), or out of the district's organisations with a destination");
        members.MapGet("/{id:guid}/transfers", async Task<Results<Ok<List<TransferView>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await TransfersAsync(db, caller, id, ct) is { } t ? TypedResults.Ok(t) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("The member's transfers, oldest first");
        members.MapPut("/{id:guid}/dues/{month}", async (Guid id, string month, DuesEntry body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await RecordDuesAsync(db, clock, caller, id, month, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("The dues of a month (yyyy-MM) from the monthly income: ≤3,000 0.5 %, ≤5,000 1 %, ≤10,000 1.5 %, above 2 %");
        members.MapGet("/{id:guid}/dues", async Task<Results<Ok<List<DuesView>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await DuesAsync(db, caller, id, ct) is { } d ? TypedResults.Ok(d) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("The member's dues by month, newest first");
        party.MapGet("/dues/summary", async (string? month, string? area, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await DuesSummaryAsync(db, clock, caller, month, area, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("The dues of a month (yyyy-MM, default this month) per organisation in scope: members, recorded, paid, due and collected");
        party.MapGet("/dues/rate", (decimal income) => TypedResults.Ok(new { income, rate = Dues.Rate(income), amount = Dues.Monthly(income) }))
            .RequirePermission(Permission.PartyRead, Permission.PartySelf)
            .WithSummary("The monthly dues for an income (no record written)");
    }

    /// <summary><see cref="ReportedHere"/>: instead of the members of organisations in scope, the 在职党员 whose residence community
    /// (where they reported, 到社区报到) is in scope — the community works with them although their organisation is elsewhere.</summary>
    public sealed record Filter(string? Q = null, Guid? Org = null, string? Area = null, MemberStatus? Status = null, MemberFlow? Flow = null, bool? InService = null,
        bool ReportedHere = false);

    internal static IQueryable<PartyMember> Readable(GongzhiDb db, Caller caller) => db.Set<PartyMember>().InScope(caller, Permission.PartyRead);

    public static async Task<Page<View>> SearchAsync(GongzhiDb db, Caller caller, Filter f, PageRequest page, CancellationToken ct)
    {
        var query = f.ReportedHere
            ? db.Set<PartyMember>().AsNoTracking().Where(m => m.InService && m.ResidenceCommunity != null)
                .InScope(caller.ScopeFor(Permission.PartyRead), m => m.ResidenceCommunity!)
            : Readable(db, caller).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(f.Q)) { var t = f.Q.Trim(); query = query.Where(m => m.Name.Contains(t)); }
        if (f.Org is { } org) query = query.Where(m => m.OrgId == org);
        if (!string.IsNullOrWhiteSpace(f.Area)) { var t = f.Area.Trim(); query = query.Where(m => m.AreaCode.StartsWith(t)); }
        query = f.Status is { } st ? query.Where(m => m.Status == st) : query.Where(m => m.Status != MemberStatus.TransferredOut);
        if (f.Flow is { } flow) query = query.Where(m => m.Flow == flow);
        if (f.InService is { } svc) query = query.Where(m => m.InService == svc);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(m => m.AreaCode).ThenBy(m => m.Name).ThenBy(m => m.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(await ViewsAsync(db, rows, ct), total, page.Page, page.PageSize);
    }

    static async Task<List<View>> ViewsAsync(GongzhiDb db, List<PartyMember> rows, CancellationToken ct)
    {
        var orgIds = rows.Select(r => r.OrgId).Distinct().ToList();
        var orgs = await db.Set<PartyOrg>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => (o.Name, o.Kind), ct);
        return [.. rows.Select(m => new View(m.Id, m.Name, m.PersonId, m.OrgId, orgs.GetValueOrDefault(m.OrgId).Name ?? "?", orgs.GetValueOrDefault(m.OrgId).Kind,
            m.AreaCode, m.Status, m.JoinedOn, m.RegularOn, m.PhoneMasked, m.InService, m.WorkUnit, m.ResidenceCommunity, m.ReportedOn, m.Flow, m.FlowPlace, m.FlowHome, m.UpdatedAt))];
    }

    public static async Task<View?> GetAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        (await ViewsAsync(db, await Readable(db, caller).AsNoTracking().Where(m => m.Id == id).ToListAsync(ct), ct)).SingleOrDefault();

    /// <summary>The active members of an organisation and of every organisation below it (who may attend its meetings).</summary>
    public static async Task<List<View>> OfOrgTreeAsync(GongzhiDb db, Caller caller, Guid orgId, CancellationToken ct)
    {
        var org = await PartyOrgs.Readable(db, caller).AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, ct);
        if (org is null) return [];
        var ids = (await PartyOrgs.SubtreeAsync(db, org.Id, org.AreaCode, ct)).ToList();
        return await ViewsAsync(db, await Readable(db, caller).AsNoTracking().Where(m => ids.Contains(m.OrgId) && m.Status != MemberStatus.TransferredOut)
            .OrderBy(m => m.AreaCode).ThenBy(m => m.Name).ToListAsync(ct), ct);
    }

    public static async Task<View?> MineAsync(GongzhiDb db, Caller caller, CancellationToken ct) =>
        (await ViewsAsync(db, await db.Set<PartyMember>().AsNoTracking().Where(m => m.UserId == caller.UserId && caller.UserId != "").ToListAsync(ct), ct)).FirstOrDefault();

    static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToCst().DateTime);

    public static async Task<View> SaveAsync(GongzhiDb db, PersonalData pd, TimeProvider clock, Caller caller, Guid? id, Edit body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = Today(clock);
        await pd.ReadyAsync(ct);
        var member = id is { } existing
            ? await db.Set<PartyMember>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(m => m.Id == existing, ct)
                ?? throw new DomainException("not_found", "No such member") { Status = 404 }
            : null;
        if (member is not null && member.OrgId != body.OrgId) throw new DomainException("party.member.org", "The organisation changes only by a transfer");
        if (member is { Status: MemberStatus.TransferredOut }) throw new DomainException("party.member.transferred", "The member was transferred out");
        var org = await db.Set<PartyOrg>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(o => o.Id == body.OrgId, ct)
            ?? throw new DomainException("party.member.org.missing", "No such organisation");
        if (!caller.Can(Permission.PartyWrite, org.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };

        var name = body.Name.Trim();
        if (name.Length == 0) throw new DomainException("party.name", "The name is required");
        if (body.Status is not (MemberStatus.Probationary or MemberStatus.Regular)) throw new DomainException("party.member.status", "A member is probationary or regular (transfers set the rest)");
        if (body.JoinedOn > today) throw new DomainException("party.member.joined", "The joining day cannot be in the future");
        if (body.Status == MemberStatus.Regular)
        {
            if (body.RegularOn is not { } regular) throw new DomainException("party.member.regular.missing", "A regular member has a day they became regular");
            if (regular < body.JoinedOn.AddYears(1)) throw new DomainException("party.member.regular.early", "A probationary member becomes regular a year after joining at the earliest", body.JoinedOn.AddYears(1));
            if (regular > today) throw new DomainException("party.member.regular.future", "The day of becoming regular cannot be in the future");
        }
        else if (body.RegularOn is not null) throw new DomainException("party.member.regular.probationary", "A probationary member has no regular day");
        string? residence = null;
        if (body.InService)
        {
            residence = body.ResidenceCommunity?.Trim();
            if (residence is not { Length: 12 } || !await Areas.Public.AreaNames.ExistsAsync(db, residence, ct))
                throw new DomainException("party.member.residence", "An in-service member reports to a known community (12 digits)", residence ?? "");
        }
        if (!Enum.IsDefined(body.Flow)) throw new DomainException("party.member.flow", "Unknown flow") { Status = 400 };
        if (body.Flow != MemberFlow.None && string.IsNullOrWhiteSpace(body.FlowPlace))
            throw new DomainException("party.member.flowplace", "A flowing member has the place they went to or came from");
        // A person outside the caller's scope is as unknown as a missing one (else the link tells who exists in another street).
        if (body.PersonId is { } pid && pid != member?.PersonId
            && (await RegistryHouseholds.PersonAsync(db, pid, ct) is not { } person || !caller.Can(Permission.PartyRead, person.AreaCode)))
            throw new DomainException("party.member.person", "No such person in the registry");
        var keepPhone = member is not null && body.Phone is null;
        string? phone = null;
        if (!keepPhone && !string.IsNullOrWhiteSpace(body.Phone))
        {
            phone = new string([.. body.Phone.Where(c => !char.IsWhiteSpace(c) && c != '-')]);
            if (phone.Length is < 7 or > 15 || !phone.All(char.IsAsciiDigit)) throw new DomainException("registry.phone", "The phone number must be 7 to 15 digits");
        }

        if (member is null)
        {
            member = new PartyMember { Name = name, OrgId = org.Id, AreaCode = org.AreaCode, CreatedAt = now };
            db.Add(member);
        }
        member.Name = name;
        member.PersonId = body.PersonId;
        member.Status = body.Status;
        member.JoinedOn = body.JoinedOn;
        member.RegularOn = body.RegularOn;
        if (!keepPhone) SetPhone(member, pd, phone);
        member.InService = body.InService;
        member.WorkUnit = body.InService && !string.IsNullOrWhiteSpace(body.WorkUnit) ? body.WorkUnit.Trim() : null;
        member.ResidenceCommunity = residence;
        member.ReportedOn = body.InService ? body.ReportedOn ?? member.ReportedOn ?? today : null;
        member.Flow = body.Flow;
        member.FlowPlace = body.Flow == MemberFlow.None ? null : body.FlowPlace!.Trim();
        member.FlowHome = body.Flow == MemberFlow.None || string.IsNullOrWhiteSpace(body.FlowHome) ? null : body.FlowHome.Trim();
        member.UpdatedAt = now;
        member.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [member], ct))[0];
    }

    internal static void SetPhone(PartyMember m, PersonalData pd, string? phone)
    {
        m.PhoneCipher = phone is null ? null : pd.Protect(phone, PersonalData.Field.PartyMemberPhone);
        m.PhoneMasked = phone is null ? null : Masking.Mask(phone);
    }

    public static async Task<View> TransferAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, Transfer body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var member = await db.Set<PartyMember>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new DomainException("not_found", "No such member") { Status = 404 };
        if (member.Status == MemberStatus.TransferredOut) throw new DomainException("party.member.transferred", "The member was transferred out");
        var on = body.On ?? Today(clock);
        if (on > Today(clock)) throw new DomainException("party.transfer.future", "A transfer cannot be dated in the future");
        PartyOrg? to = null;
        if (body.ToOrgId is { } toId)
        {
            to = await db.Set<PartyOrg>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == toId, ct)
                ?? throw new DomainException("party.member.org.missing", "No such organisation");
            if (!caller.Can(Permission.PartyWrite, to.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
            if (to.Id == member.OrgId) throw new DomainException("party.transfer.same", "The member is already in this organisation");
        }
        else if (string.IsNullOrWhiteSpace(body.Destination))
            throw new DomainException("party.transfer.destination", "Name the organisation, or the destination outside the district");
        db.Add(new PartyTransfer
        {
            MemberId = member.Id, FromOrgId = member.OrgId, ToOrgId = to?.Id, Destination = to is null ? body.Destination!.Trim() : null,
            Note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(), On = on, ByUser = caller.UserName, At = now,
        });
        if (to is not null)
        {
            member.OrgId = to.Id;
            member.AreaCode = to.AreaCode;
        }
        else member.Status = MemberStatus.TransferredOut;
        member.UpdatedAt = now;
        member.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [member], ct))[0];
    }

    public static async Task<List<TransferView>?> TransfersAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        if (!await Readable(db, caller).AnyAsync(m => m.Id == id, ct)) return null;
        var rows = await db.Set<PartyTransfer>().AsNoTracking().Where(t => t.MemberId == id).OrderBy(t => t.At).ToListAsync(ct);
        var ids = rows.SelectMany(r => new[] { r.FromOrgId, r.ToOrgId ?? Guid.Empty }).Distinct().ToList();
        var names = await db.Set<PartyOrg>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. rows.Select(t => new TransferView(t.Id, t.FromOrgId, names.GetValueOrDefault(t.FromOrgId, "?"), t.ToOrgId,
            t.ToOrgId is { } to ? names.GetValueOrDefault(to, "?") : null, t.Destination, t.Note, t.On, t.ByUser))];
    }

    /// <summary>One organisation's dues of a month: its members (not transferred out), how many have a record and have paid, the amounts.</summary>
    public sealed record DuesSummaryRow(Guid OrgId, string OrgName, string AreaCode, int Members, int Recorded, int Paid, decimal Due, decimal Collected);

    /// <summary>
    /// 党费收缴 of a month per organisation in the caller's read scope (under <paramref name="area"/> when given), the
    /// organisations with members first by the share still unpaid. Amounts are summed here, not in SQL (SQLite has no decimal sum).
    /// </summary>
    public static async Task<List<DuesSummaryRow>> DuesSummaryAsync(GongzhiDb db, TimeProvider clock, Caller caller, string? month, string? area, CancellationToken ct)
    {
        month ??= clock.GetUtcNow().ToCst().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (month.Length != 7 || !DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new DomainException("party.dues.month", "The month is yyyy-MM", month) { Status = 400 };
        var members = Readable(db, caller).AsNoTracking().Where(m => m.Status != MemberStatus.TransferredOut);
        if (area is { Length: > 0 }) members = members.Where(m => m.AreaCode.StartsWith(area));
        var counts = await members.GroupBy(m => m.OrgId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var dues = await (from d in db.Set<PartyDues>().AsNoTracking()
                          where d.Month == month
                          join m in members on d.MemberId equals m.Id
                          select new { m.OrgId, d.Amount, Paid = d.PaidOn != null }).ToListAsync(ct);
        var byOrg = dues.ToLookup(d => d.OrgId);
        var ids = counts.Keys.ToList();
        var orgs = await PartyOrgs.Readable(db, caller).AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.AreaCode }).ToListAsync(ct);
        return [.. orgs.Select(o =>
            {
                var mine = byOrg[o.Id].ToList();
                return new DuesSummaryRow(o.Id, o.Name, o.AreaCode, counts[o.Id], mine.Count, mine.Count(d => d.Paid), mine.Sum(d => d.Amount),
                    mine.Where(d => d.Paid).Sum(d => d.Amount));
            })
            .OrderByDescending(r => (double)(r.Members - r.Paid) / r.Members).ThenBy(r => r.AreaCode, StringComparer.Ordinal).ThenBy(r => r.OrgName, StringComparer.Ordinal)];
    }

    public static async Task<DuesView> RecordDuesAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, string month, DuesEntry body, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || month.Length != 7)
            throw new DomainException("party.dues.month", "The month is yyyy-MM", month) { Status = 400 };
        if (first > Today(clock)) throw new DomainException("party.dues.future", "Dues cannot be recorded for a month to come", month);
        var member = await db.Set<PartyMember>().AsNoTracking().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new DomainException("not_found", "No such member") { Status = 404 };
        // Dues are paid to the organisation that holds the membership: after a transfer out of the district, the new one records them.
        if (member.Status == MemberStatus.TransferredOut) throw new DomainException("party.dues.transferred", "The member was transferred out; their dues are recorded by their new organisation");
        var amount = Dues.Monthly(body.Income);
        var row = await db.Set<PartyDues>().SingleOrDefaultAsync(d => d.MemberId == id && d.Month == month, ct);
        if (row is null)
        {
            row = new PartyDues { MemberId = id, Month = month, AreaCode = member.AreaCode, CreatedAt = now };
            db.Add(row);
        }
        row.AreaCode = member.AreaCode;
        row.Income = body.Income;
        row.Amount = amount;
        row.PaidOn = body.PaidOn;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return new(row.Month, row.Income, row.Amount, row.PaidOn);
    }

    public static async Task<List<DuesView>?> DuesAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        if (!await Readable(db, caller).AnyAsync(m => m.Id == id, ct)) return null;
        return await DuesOfAsync(db, id, ct);
    }

    /// <summary>A member's dues, newest first (the caller's right to see them is checked by the callers).</summary>
    internal static async Task<List<DuesView>> DuesOfAsync(GongzhiDb db, Guid id, CancellationToken ct)
    {
        return [.. (await db.Set<PartyDues>().AsNoTracking().Where(d => d.MemberId == id).ToListAsync(ct))
            .OrderByDescending(d => d.Month, StringComparer.Ordinal).Select(d => new DuesView(d.Month, d.Income, d.Amount, d.PaidOn))];
    }
}
