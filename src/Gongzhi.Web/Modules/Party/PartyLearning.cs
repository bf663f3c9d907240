using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party;

/// <summary>Learning (PT-3): resources, 学时 records, each member's 学习电子档案, the members behind their pro-rata target.</summary>
public static class PartyLearning
{
    public sealed record ResourceIn(
        Guid OrgId,
        [property: Required, MaxLength(200)] string Title,
        ResourceKind Kind,
        decimal Hours,
        [property: MaxLength(20000)] string? Body = null,
        [property: MaxLength(1000)] string? Url = null);

    public sealed record ResourceView(Guid Id, Guid OrgId, string OrgName, string AreaCode, string Title, ResourceKind Kind, decimal Hours, string? Body, string? Url,
        DateOnly PublishedOn);

    /// <summary>Hours for a member (staff: <see cref="MemberId"/>; a member for themselves: left out), for a resource or a topic.</summary>
    public sealed record RecordIn(DateOnly On, decimal Hours, Guid? MemberId = null, Guid? ResourceId = null, [property: MaxLength(200)] string? Topic = null);

    public sealed record RecordView(Guid Id, Guid MemberId, Guid? ResourceId, string Topic, DateOnly On, decimal Hours, string AreaCode);

    /// <summary>A correction of a record by staff: the member is fixed; the day, the hours and the resource or topic change.</summary>
    public sealed record RecordFix(DateOnly On, decimal Hours, Guid? ResourceId = null, [property: MaxLength(200)] string? Topic = null);

    public sealed record Archive(Guid MemberId, string Name, string OrgName, int Year, decimal Hours, decimal Target, decimal ProRata, int Percent, bool Behind,
        IReadOnlyList<RecordView> Records);

    public sealed record BehindRow(Guid MemberId, string Name, Guid OrgId, string OrgName, decimal Hours, decimal Target, decimal ProRata);

    public sealed record TargetIn(decimal HoursPerYear);

    public static void Map(RouteGroupBuilder party)
    {
        var learning = party.MapGroup("/learning");
        learning.MapGet("/resources", async (string? area, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ResourcesAsync(db, caller, area, ct)))
            .RequirePermission(Permission.PartyRead, Permission.PartySelf)
            .WithSummary("Learning resources visible here: published at or above the area (staff) or the member's own organisation (a member)");
        learning.MapPost("/resources", async (ResourceIn body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await PublishAsync(db, clock, caller, body, ct);
                return TypedResults.Created($"/api/party/learning/resources/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Publish a resource for an organisation of the caller's write scope and everything under it");
        learning.MapPost("/records", async (RecordIn body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await RecordAsync(db, clock, caller, body, ct);
                return TypedResults.Created($"/api/party/learning/archive/{v.MemberId}", v);
            })
            .RequirePermission(Permission.PartyWrite, Permission.PartySelf)
            .WithSummary("Record 学时 for a member of the caller's write scope, or for oneself as a party member: hours > 0, a day at most 24");
        learning.MapPut("/records/{id:guid}", async (Guid id, RecordFix body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await FixRecordAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Correct a learning record (staff of its area): day, hours, resource or topic under the rules of a new one; the member is fixed");
        learning.MapDelete("/records/{id:guid}", async (Guid id, GongzhiDb db, Caller caller, CancellationToken ct) =>
            {
                await RemoveRecordAsync(db, caller, id, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Remove a mistaken learning record (staff of its area); the audit log keeps it");
        learning.MapDelete("/resources/{id:guid}", async (Guid id, GongzhiDb db, Caller caller, CancellationToken ct) =>
            {
                await WithdrawAsync(db, caller, id, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Withdraw a resource (the writers of its publishing organisation's area): no longer listed nor recordable; records of it keep their topic and hours");
        learning.MapGet("/archive/me", async Task<Results<Ok<Archive>, ProblemHttpResult>> (int? year, GongzhiDb db, TimeProvider clock, Caller caller, HttpContext http, CancellationToken ct) =>
                await PartyMembers.MineAsync(db, caller, ct) is { } me && await ArchiveAsync(db, clock, me.Id, year, ct) is { } a ? TypedResults.Ok(a) : Problems.NotFound(http))
            .RequirePermission(Permission.PartySelf)
            .WithSummary("The signed-in member's 学习电子档案");
        learning.MapGet("/archive/{memberId:guid}", async Task<Results<Ok<Archive>, ProblemHttpResult>> (Guid memberId, int? year, GongzhiDb db, TimeProvider clock, Caller caller,
                HttpContext http, CancellationToken ct) =>
                await db.Set<PartyMember>().InScope(caller, Permission.PartyRead).AnyAsync(m => m.Id == memberId, ct)
                && await ArchiveAsync(db, clock, memberId, year, ct) is { } a ? TypedResults.Ok(a) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("A member's 学习电子档案: the records of a year, the total, the target and progress");
        learning.MapGet("/behind", async (string? area, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await BehindAsync(db, clock, caller, area, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Active members under an area whose hours this year are below their pro-rata target, furthest behind first");
        learning.MapPut("/targets/{street}", async (string street, TargetIn body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await SetTargetAsync(db, clock, caller, street, body.HoursPerYear, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Set the yearly 学时 target of a street's members (the street's writers); the default is 32");
    }

    static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToCst().DateTime);

    static List<string> Ancestors(string area) => [.. new[] { 6, 9, 12, 15, 18 }.Where(l => l <= area.Length).Select(l => area[..l])];

    public static async Task<List<ResourceView>> ResourcesAsync(GongzhiDb db, Caller caller, string? area, CancellationToken ct)
    {
        List<PartyLearningResource> rows;
        if (caller.CanAnywhere(Permission.PartyRead))
        {
            var prefixes = PartyOrgs.Prefixes(caller, area);
            // Published inside the scope, or above it (a street's resource is visible to its communities).
            var above = prefixes.SelectMany(Ancestors).Distinct().ToList();
            rows = await db.Set<PartyLearningResource>().AsNoTracking()
                .Where(AreaScope.Predicate<PartyLearningResource>(prefixes, r => r.AreaCode).Or(r => above.Contains(r.AreaCode))).ToListAsync(ct);
        }
        else
        {
            var me = await PartyMembers.MineAsync(db, caller, ct);
            if (me is null) return [];
            var above = Ancestors(me.AreaCode);
            rows = await db.Set<PartyLearningResource>().AsNoTracking().Where(r => above.Contains(r.AreaCode)).ToListAsync(ct);
        }
        var ids = rows.Select(r => r.OrgId).Distinct().ToList();
        var names = await db.Set<PartyOrg>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. rows.OrderByDescending(r => r.PublishedOn).ThenByDescending(r => r.Id)
            .Select(r => new ResourceView(r.Id, r.OrgId, names.GetValueOrDefault(r.OrgId, "?"), r.AreaCode, r.Title, r.Kind, r.Hours, r.Body, r.Url, r.PublishedOn))];
    }

    public static async Task<ResourceView> PublishAsync(GongzhiDb db, TimeProvider clock, Caller caller, ResourceIn body, CancellationToken ct)
    {
        var org = await db.Set<PartyOrg>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(o => o.Id == body.OrgId, ct)
            ?? throw new DomainException("party.member.org.missing", "No such organisation");
        if (!caller.Can(Permission.PartyWrite, org.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("party.learning.resource", "Unknown kind of resource") { Status = 400 };
        var title = body.Title.Trim();
        if (title.Length == 0) throw new DomainException("party.name", "The name is required");
        if (body.Hours <= 0 || body.Hours > LearningRules.MaxHoursPerDay || decimal.Round(body.Hours, 1) != body.Hours)
            throw new DomainException("party.learning.hours", "Hours must be above zero, in tenths, at most 24 a day", body.Hours);
        var url = string.IsNullOrWhiteSpace(body.Url) ? null : body.Url.Trim();
        var text = string.IsNullOrWhiteSpace(body.Body) ? null : body.Body.Trim();
        if (body.Kind == ResourceKind.Text ? text is null
                : url is null || !(Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)))
            throw new DomainException("party.learning.resource", "A text needs its body, a link or video an http(s) address");
        var now = clock.GetUtcNow();
        var r = new PartyLearningResource
        {
            OrgId = org.Id, AreaCode = org.AreaCode, Title = title, Kind = body.Kind, Hours = body.Hours, Body = text, Url = url,
            PublishedOn = Today(clock), CreatedBy = caller.UserId, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(r);
        await db.SaveChangesAsync(ct);
        return new(r.Id, r.OrgId, org.Name, r.AreaCode, r.Title, r.Kind, r.Hours, r.Body, r.Url, r.PublishedOn);
    }

    static RecordView ViewOf(PartyLearningRecord r) => new(r.Id, r.MemberId, r.ResourceId, r.Topic, r.On, r.Hours, r.AreaCode);

    /// <summary>The topic of a record: a resource visible to the member (its title), or a topic of its own.</summary>
    static async Task<string> TopicAsync(GongzhiDb db, PartyMember member, Guid? resourceId, string? topic, CancellationToken ct)
    {
        if (resourceId is { } rid)
        {
            var above = Ancestors(member.AreaCode);
            var resource = await db.Set<PartyLearningResource>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == rid && above.Contains(r.AreaCode), ct)
                ?? throw new DomainException("party.learning.resource", "No such resource for this member");
            return resource.Title;
        }
        var t = topic?.Trim() ?? "";
        if (t.Length == 0) throw new DomainException("party.name", "The name is required");
        return t;
    }

    /// <summary>A record of the caller's write scope (outside it 404, as every id of the module), tracked.</summary>
    static async Task<PartyLearningRecord> WritableRecordAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct) =>
        await db.Set<PartyLearningRecord>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new DomainException("not_found", "No such learning record") { Status = 404 };

    public static async Task<RecordView> FixRecordAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, RecordFix body, CancellationToken ct)
    {
        var row = await WritableRecordAsync(db, caller, id, ct);
        var member = await db.Set<PartyMember>().AsNoTracking().SingleAsync(m => m.Id == row.MemberId, ct);
        if (member.Status == MemberStatus.TransferredOut) throw new DomainException("party.learning.member", "The member has been transferred out");
        if (body.On > Today(clock)) throw new DomainException("party.learning.future", "Learning cannot be recorded for a day to come");
        var topic = await TopicAsync(db, member, body.ResourceId, body.Topic, ct);
        var sameDay = await db.Set<PartyLearningRecord>().Where(r => r.MemberId == member.Id && r.On == body.On && r.Id != row.Id).Select(r => r.Hours).ToListAsync(ct);
        if (LearningRules.CheckHours(body.Hours, sameDay.Sum()) is { } code)
            throw new DomainException(code, "Hours must be above zero, in tenths, at most 24 a day", body.Hours, sameDay.Sum());
        row.On = body.On;
        row.Hours = body.Hours;
        row.ResourceId = body.ResourceId;
        row.Topic = topic;
        await db.SaveChangesAsync(ct);
        return ViewOf(row);
    }

    public static async Task RemoveRecordAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        db.Remove(await WritableRecordAsync(db, caller, id, ct));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Withdraws a resource: visible but published above the caller's write scope → 403 <c>area.scope</c> (a community
    /// cannot withdraw its street's); not visible at all → 404. Removed (the audit log keeps it); records keep their topic.
    /// </summary>
    public static async Task WithdrawAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var visible = (await ResourcesAsync(db, caller, null, ct)).Any(r => r.Id == id);
        var row = visible ? await db.Set<PartyLearningResource>().SingleAsync(r => r.Id == id, ct) : null;
        if (row is null || !caller.CanAnywhere(Permission.PartyRead)) throw new DomainException("not_found", "No such resource") { Status = 404 };
        if (!caller.Can(Permission.PartyWrite, row.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        db.Remove(row);
        await db.SaveChangesAsync(ct);
    }

    public static async Task<RecordView> RecordAsync(GongzhiDb db, TimeProvider clock, Caller caller, RecordIn body, CancellationToken ct)
    {
        PartyMember member;
        // A member (PartySelf) may name themselves: their own id is not in a staff scope they lack, so look at it first.
        var mine = body.MemberId is not null && caller.CanAnywhere(Permission.PartySelf) ? await PartyMembers.MineAsync(db, caller, ct) : null;
        if (mine is not null && mine.Id == body.MemberId)
            member = await db.Set<PartyMember>().AsNoTracking().SingleAsync(m => m.Id == mine.Id, ct);
        else if (body.MemberId is { } id)
        {
            member = await db.Set<PartyMember>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(m => m.Id == id, ct)
                ?? throw new DomainException("not_found", "No such member") { Status = 404 };
            if (!caller.Can(Permission.PartyWrite, member.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        }
        else
        {
            var me = caller.CanAnywhere(Permission.PartySelf) ? await PartyMembers.MineAsync(db, caller, ct) : null;
            member = me is null ? throw new DomainException("not_found", "No such member") { Status = 404 }
                : await db.Set<PartyMember>().AsNoTracking().SingleAsync(m => m.Id == me.Id, ct);
        }
        if (member.Status == MemberStatus.TransferredOut) throw new DomainException("party.learning.member", "The member has been transferred out");
        if (body.On > Today(clock)) throw new DomainException("party.learning.future", "Learning cannot be recorded for a day to come");
        var topic = await TopicAsync(db, member, body.ResourceId, body.Topic, ct);
        var sameDay = await db.Set<PartyLearningRecord>().Where(r => r.MemberId == member.Id && r.On == body.On).Select(r => r.Hours).ToListAsync(ct);
        if (LearningRules.CheckHours(body.Hours, sameDay.Sum()) is { } code)
            throw new DomainException(code, "Hours must be above zero, in tenths, at most 24 a day", body.Hours, sameDay.Sum());
        var row = new PartyLearningRecord
        {
            MemberId = member.Id, AreaCode = member.AreaCode, ResourceId = body.ResourceId, Topic = topic, On = body.On, Hours = body.Hours,
            ByUser = caller.UserId, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return ViewOf(row);
    }

    static async Task<Dictionary<string, decimal>> TargetsAsync(GongzhiDb db, IEnumerable<string> streets, CancellationToken ct)
    {
        var list = streets.Distinct().ToList();
        return await db.Set<PartyLearningTarget>().AsNoTracking().Where(t => list.Contains(t.AreaCode)).ToDictionaryAsync(t => t.AreaCode, t => t.HoursPerYear, ct);
    }

    static string StreetOf(string area) => area.Length >= 9 ? area[..9] : area;

    public static async Task<Archive?> ArchiveAsync(GongzhiDb db, TimeProvider clock, Guid memberId, int? year, CancellationToken ct)
    {
        var today = Today(clock);
        var y = year ?? today.Year;
        // new DateOnly(y, 1, 1) throws outside 1..9999: a year like 0 or 10000 was a 500.
        if (y < 1900 || y > today.Year + 1) throw new DomainException("party.learning.year", "No archive for this year", y) { Status = 400 };
        var member = await db.Set<PartyMember>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null) return null;
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y, 12, 31);
        var records = await db.Set<PartyLearningRecord>().AsNoTracking().Where(r => r.MemberId == memberId && r.On >= from && r.On <= to).ToListAsync(ct);
        var target = (await TargetsAsync(db, [StreetOf(member.AreaCode)], ct)).GetValueOrDefault(StreetOf(member.AreaCode), LearningRules.DefaultHoursPerYear);
        var hours = records.Sum(r => r.Hours);
        var asOf = y == today.Year ? today : y < today.Year ? to : from.AddDays(-1);
        var proRata = asOf < from ? 0 : LearningRules.ProRata(target, asOf);
        var orgName = await db.Set<PartyOrg>().AsNoTracking().Where(o => o.Id == member.OrgId).Select(o => o.Name).SingleOrDefaultAsync(ct) ?? "?";
        return new(member.Id, member.Name, orgName, y, hours, target, proRata, LearningRules.Percent(hours, target), hours < proRata,
            [.. records.OrderByDescending(r => r.On).ThenByDescending(r => r.Id).Select(ViewOf)]);
    }

    public static async Task<List<BehindRow>> BehindAsync(GongzhiDb db, TimeProvider clock, Caller caller, string? area, CancellationToken ct)
    {
        var prefixes = PartyOrgs.Prefixes(caller, area);
        var today = Today(clock);
        var from = new DateOnly(today.Year, 1, 1);
        var members = await db.Set<PartyMember>().AsNoTracking().InScope(prefixes, m => m.AreaCode).Where(m => m.Status != MemberStatus.TransferredOut)
            .Select(m => new { m.Id, m.Name, m.OrgId, m.AreaCode }).ToListAsync(ct);
        var hours = (await db.Set<PartyLearningRecord>().AsNoTracking().InScope(prefixes, r => r.AreaCode).Where(r => r.On >= from && r.On <= today)
            .Select(r => new { r.MemberId, r.Hours }).ToListAsync(ct)).GroupBy(r => r.MemberId).ToDictionary(g => g.Key, g => g.Sum(r => r.Hours));
        var targets = await TargetsAsync(db, members.Select(m => StreetOf(m.AreaCode)), ct);
        var orgIds = members.Select(m => m.OrgId).Distinct().ToList();
        var orgs = await db.Set<PartyOrg>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. members.Select(m =>
            {
                var target = targets.GetValueOrDefault(StreetOf(m.AreaCode), LearningRules.DefaultHoursPerYear);
                return new BehindRow(m.Id, m.Name, m.OrgId, orgs.GetValueOrDefault(m.OrgId, "?"), hours.GetValueOrDefault(m.Id), target, LearningRules.ProRata(target, today));
            })
            .Where(r => r.Hours < r.ProRata).OrderBy(r => r.Hours - r.ProRata).ThenBy(r => r.Name)];
    }

    public static async Task<decimal> SetTargetAsync(GongzhiDb db, TimeProvider clock, Caller caller, string street, decimal hours, CancellationToken ct)
    {
        if (street.Length != 9 || !street.All(char.IsAsciiDigit)) throw new DomainException("party.learning.target", "A target is set for a street (9 digits)");
        if (!caller.Can(Permission.PartyWrite, street)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        if (!LearningRules.ValidTarget(hours)) throw new DomainException("party.learning.target", "A target is above zero, in tenths, at most 1000");
        var row = await db.Set<PartyLearningTarget>().SingleOrDefaultAsync(t => t.AreaCode == street, ct);
        if (row is null) db.Add(row = new PartyLearningTarget { AreaCode = street });
        row.HoursPerYear = hours;
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return hours;
    }
}
