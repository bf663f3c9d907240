using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party;

/// <summary>Organisational life (PT-2): meetings planned and recorded, and the schedule (what is due, who is behind).</summary>
public static class PartyMeetings
{
    /// <summary>A meeting planned (no <see cref="HeldOn"/>) or planned and recorded at once.</summary>
    public sealed record Plan(
        Guid OrgId,
        MeetingKind Kind,
        [property: Required, MaxLength(200)] string Title,
        DateOnly PlannedOn,
        [property: MaxLength(4000)] string? Agenda = null,
        DateOnly? HeldOn = null,
        [property: MaxLength(20000)] string? Minutes = null,
        [property: MaxLength(500)] IReadOnlyList<Guid>? Attendance = null,
        [property: MaxLength(4000)] string? Photos = null);

    /// <summary>A planned meeting recorded as held: the day, minutes, who attended (member ids of the organisation).</summary>
    public sealed record Record(
        DateOnly HeldOn,
        [property: MaxLength(20000)] string? Minutes = null,
        [property: MaxLength(500)] IReadOnlyList<Guid>? Attendance = null,
        [property: MaxLength(4000)] string? Photos = null);

    public sealed record View(Guid Id, Guid OrgId, string OrgName, string AreaCode, MeetingKind Kind, string Title, DateOnly PlannedOn, DateOnly? HeldOn,
        string? Agenda, string? Minutes, IReadOnlyList<Guid> Attendance, string? Photos);

    public sealed record OrgSchedule(Guid OrgId, string OrgName, PartyOrgKind OrgKind, string AreaCode, IReadOnlyList<MeetingSchedule.KindStatus> Kinds)
    {
        public bool Behind => Kinds.Any(k => k.Behind);
        public IEnumerable<MeetingSchedule.KindStatus> Due => Kinds.Where(k => k.Due);
    }

    public static void Map(RouteGroupBuilder party)
    {
        var meetings = party.MapGroup("/meetings");
        meetings.MapGet("/", async ([AsParameters] PageRequest page, Guid? org, string? area, MeetingKind? kind, bool? held, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ListAsync(db, caller, org, area, kind, held, page, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Meetings by organisation, area, kind, held or not; newest first");
        meetings.MapPost("/", async (Plan body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await PlanAsync(db, clock, caller, body, ct);
                return TypedResults.Created($"/api/party/meetings/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Plan a meeting (or plan and record it at once): kind allowed for the organisation; held not in the future; attendance only of its members");
        meetings.MapPost("/{id:guid}/record", async (Guid id, Record body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await RecordAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Record a planned meeting as held, with minutes and attendance");
        party.MapGet("/schedule", async (string? area, bool? behindOnly, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ScheduleAsync(db, clock, caller, area, behindOnly ?? false, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Per organisation under an area: the kinds due this month/quarter and those behind schedule (behindOnly: only organisations behind)");
    }

    static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToCst().DateTime);

    public static async Task<Page<View>> ListAsync(GongzhiDb db, Caller caller, Guid? org, string? area, MeetingKind? kind, bool? held, PageRequest page, CancellationToken ct)
    {
        var query = db.Set<PartyMeeting>().AsNoTracking().InScope(caller, Permission.PartyRead);
        if (org is { } o) query = query.Where(m => m.OrgId == o);
        if (!string.IsNullOrWhiteSpace(area)) { var t = area.Trim(); query = query.Where(m => m.AreaCode.StartsWith(t)); }
        if (kind is { } k) query = query.Where(m => m.Kind == k);
        if (held is { } h) query = h ? query.Where(m => m.HeldOn != null) : query.Where(m => m.HeldOn == null);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(m => m.PlannedOn).ThenBy(m => m.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(await ViewsAsync(db, rows, ct), total, page.Page, page.PageSize);
    }

    static async Task<List<View>> ViewsAsync(GongzhiDb db, List<PartyMeeting> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.OrgId).Distinct().ToList();
        var names = await db.Set<PartyOrg>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return [.. rows.Select(m => new View(m.Id, m.OrgId, names.GetValueOrDefault(m.OrgId, "?"), m.AreaCode, m.Kind, m.Title, m.PlannedOn, m.HeldOn, m.Agenda,
            m.Minutes, m.Attendees, m.Photos))];
    }

    public static async Task<View> PlanAsync(GongzhiDb db, TimeProvider clock, Caller caller, Plan body, CancellationToken ct)
    {
        var org = await db.Set<PartyOrg>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(o => o.Id == body.OrgId, ct)
            ?? throw new DomainException("party.member.org.missing", "No such organisation");
        if (!caller.Can(Permission.PartyWrite, org.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        if (!Enum.IsDefined(body.Kind)) throw new DomainException("party.meeting.kind", "Unknown kind of meeting") { Status = 400 };
        if (!MeetingSchedule.Allowed(org.Kind, body.Kind)) throw new DomainException("party.meeting.kind", "This organisation does not hold this kind of meeting", body.Kind, org.Kind);
        var title = body.Title.Trim();
        if (title.Length == 0) throw new DomainException("party.name", "The name is required");
        var now = clock.GetUtcNow();
        var meeting = new PartyMeeting
        {
            OrgId = org.Id, AreaCode = org.AreaCode, Kind = body.Kind, Title = title, PlannedOn = body.PlannedOn,
            Agenda = string.IsNullOrWhiteSpace(body.Agenda) ? null : body.Agenda.Trim(), CreatedAt = now, UpdatedAt = now,
        };
        if (body.HeldOn is { } heldOn) await ApplyRecordAsync(db, clock, org, meeting, new Record(heldOn, body.Minutes, body.Attendance, body.Photos), ct);
        else if ((body.Attendance?.Count ?? 0) > 0 || !string.IsNullOrWhiteSpace(body.Minutes))
            throw new DomainException("party.meeting.notheld", "Minutes and attendance belong to a held meeting");
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [meeting], ct))[0];
    }

    public static async Task<View> RecordAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, Record body, CancellationToken ct)
    {
        var meeting = await db.Set<PartyMeeting>().InScope(caller, Permission.PartyWrite).SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new DomainException("not_found", "No such meeting") { Status = 404 };
        var org = await db.Set<PartyOrg>().AsNoTracking().SingleAsync(o => o.Id == meeting.OrgId, ct);
        await ApplyRecordAsync(db, clock, org, meeting, body, ct);
        meeting.UpdatedAt = clock.GetUtcNow();
        meeting.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, [meeting], ct))[0];
    }

    static async Task ApplyRecordAsync(GongzhiDb db, TimeProvider clock, PartyOrg org, PartyMeeting meeting, Record body, CancellationToken ct)
    {
        if (body.HeldOn > Today(clock)) throw new DomainException("party.meeting.future", "A meeting in the future cannot be recorded as held", body.HeldOn);
        var attendance = (body.Attendance ?? []).Distinct().ToList();
        if (attendance.Count > 0)
        {
            var own = await PartyOrgs.SubtreeAsync(db, org.Id, org.AreaCode, ct);
            var members = await db.Set<PartyMember>().AsNoTracking().Where(m => attendance.Contains(m.Id) && m.Status != MemberStatus.TransferredOut)
                .Select(m => new { m.Id, m.OrgId }).ToListAsync(ct);
            var strangers = attendance.Where(a => members.FirstOrDefault(m => m.Id == a) is not { } m || !own.Contains(m.OrgId)).ToList();
            if (strangers.Count > 0) throw new DomainException("party.meeting.attendance", "Only members of the organisation attend its meeting", strangers.Count);
        }
        meeting.HeldOn = body.HeldOn;
        meeting.Minutes = string.IsNullOrWhiteSpace(body.Minutes) ? null : body.Minutes.Trim();
        meeting.Attendance = string.Join(',', attendance);
        meeting.Photos = string.IsNullOrWhiteSpace(body.Photos) ? null : body.Photos.Trim();
    }

    public static async Task<List<OrgSchedule>> ScheduleAsync(GongzhiDb db, TimeProvider clock, Caller caller, string? area, bool behindOnly, CancellationToken ct)
    {
        var prefixes = PartyOrgs.Prefixes(caller, area);
        var today = Today(clock);
        var since = MeetingSchedule.PeriodStart(today, Cadence.Quarterly).AddMonths(-3);
        var orgs = await db.Set<PartyOrg>().AsNoTracking().InScope(prefixes, o => o.AreaCode).OrderBy(o => o.AreaCode).ThenBy(o => o.Kind).ToListAsync(ct);
        var held = (await db.Set<PartyMeeting>().AsNoTracking().InScope(prefixes, m => m.AreaCode).Where(m => m.HeldOn != null && m.HeldOn >= since)
            .Select(m => new { m.OrgId, m.Kind, m.HeldOn }).ToListAsync(ct)).ToLookup(m => m.OrgId);
        var result = orgs.Select(o => new OrgSchedule(o.Id, o.Name, o.Kind, o.AreaCode,
            MeetingSchedule.Evaluate(o.Kind, o.EstablishedOn, held[o.Id].Select(h => (h.Kind, h.HeldOn!.Value)), today)));
        return [.. behindOnly ? result.Where(r => r.Behind) : result];
    }
}
