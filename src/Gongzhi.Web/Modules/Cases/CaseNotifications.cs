using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Notify;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// Turns every new case event into the notification of whoever must act next, in the same SaveChanges:
/// a report → the street's dispatchers (the district's, in triage); a dispatch → the department (应急哨: every level too);
/// handled → the grid's workers to verify; closed → the reporter to rate; an escalation → the level it reached.
/// </summary>
public sealed class CaseNotifications : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            var fresh = db.ChangeTracker.Entries<CaseEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            var cases = db.ChangeTracker.Entries<Case>().Select(e => e.Entity).ToDictionary(c => c.Id);
            foreach (var e in fresh)
                if (cases.TryGetValue(e.CaseId, out var c))
                    db.AddRange(For(c, e));
        }
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public static IEnumerable<Notification> For(Case c, CaseEvent e)
    {
        string district = c.AreaCode[..6], street = c.AreaCode[..Math.Min(9, c.AreaCode.Length)], community = c.AreaCode[..Math.Min(12, c.AreaCode.Length)];
        Notification To(AppRole role, string area, string key, string? department = null) => new()
        {
            At = e.At, Role = role, AreaCode = area, Department = department, Key = key, Args = c.Number + '\u001f' + c.CategoryName, Link = $"/cases/{c.Id}",
        };
        switch (e.Action)
        {
            case "Report":
                yield return c.InTriage ? To(AppRole.DistrictAdmin, district, "notify.case.reported") : To(AppRole.StreetStaff, street, "notify.case.reported");
                break;
            case "Dispatch" or "Reassign":
                yield return To(AppRole.DepartmentStaff, c.AreaCode, "notify.case.dispatched", c.Department);
                if (c.Whistle == Whistle.Emergency)
                {
                    yield return To(AppRole.CommunitySecretary, community, "notify.case.emergency");
                    yield return To(AppRole.StreetStaff, street, "notify.case.emergency");
                    yield return To(AppRole.DistrictAdmin, district, "notify.case.emergency");
                }
                break;
            case "Return" or "RequestPostpone":
                yield return To(AppRole.StreetStaff, street, "notify.case." + (e.Action == "Return" ? "returned" : "postpone"));
                break;
            case "Handle":
                yield return To(AppRole.GridWorker, c.AreaCode, "notify.case.handled");
                break;
            case "Rework":
                yield return To(AppRole.DepartmentStaff, c.AreaCode, "notify.case.rework", c.Department);
                break;
            case "Verify" when c.ReporterUserId is { } reporter:
                yield return new Notification { At = e.At, UserId = reporter, Key = "notify.case.closed", Args = c.Number + '\u001f' + c.CategoryName, Link = $"/cases/{c.Id}" };
                break;
            case "Escalate":
                yield return c.Level switch
                {
                    EscalationLevel.Community => To(AppRole.CommunitySecretary, community, "notify.case.escalated"),
                    EscalationLevel.Street => To(AppRole.StreetStaff, street, "notify.case.escalated"),
                    _ => To(AppRole.DistrictAdmin, district, "notify.case.escalated"),
                };
                break;
            case "Warn":
                yield return e.Note == nameof(DeadlineKind.Verify)
                    ? To(AppRole.GridWorker, c.AreaCode, "notify.case.warning")
                    : To(AppRole.DepartmentStaff, c.AreaCode, "notify.case.warning", c.Department);
                break;
        }
    }
}
