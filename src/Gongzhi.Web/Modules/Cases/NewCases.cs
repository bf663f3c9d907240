using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Notify;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// Saves a new case from any channel (staff, patrol, resident, Open311): numbers it (<see cref="CaseNumbers"/>),
/// appends its report event, and writes it together with what every case change writes in the same transaction — its
/// timeline event, the notification of whoever acts next (<see cref="CaseNotifications"/>), the metric delta
/// (<see cref="CaseStatsInterceptor"/>) and the audit rows (<see cref="AuditInterceptor"/>).
/// <para>
/// On PostgreSQL, outside a caller's transaction, the rows go through <see cref="PostgresRows"/>: one batch of the rows
/// (and, now and then, one for a block of numbers, <see cref="CaseNumberBlocks"/>), none of EF Core's change tracking, which was most of an intake's cost
/// (architecture decision 26). Elsewhere (SQLite, or inside a transaction) through SaveChanges and its interceptors.
/// The rows are built by the same code on both paths (the interceptors' own functions); <c>NewCaseRowsTests</c>
/// checks that both write the same rows.
/// </para>
/// </summary>
public sealed class NewCases(IServiceProvider services, ChangeBus bus, CurrentUser user, NotificationInterceptor notifications, ChangeTopicInterceptor topics,
    TransactionWatch transactions, CaseNumberBlocks numbers, PostgresRows? rows = null)
{
    GongzhiDb? _db;

    /// <summary>The scope's context, resolved only when used: the PostgreSQL path does not need it once the model is known.</summary>
    GongzhiDb Db => _db ??= services.GetRequiredService<GongzhiDb>();

    public async Task<Case> SaveAsync(string district, DateTimeOffset now, Func<string, Case> build, Actor reporter, CancellationToken ct)
    {
        var @case = rows is not null && !transactions.Seen
            ? await WriteAsync(rows, district, now, build, reporter, ct)
            : await SaveChangesAsync(district, now, build, reporter, ct);
        bus.Publish(DeadlineSweeper.CasesChanged);
        return @case;
    }

    async Task<Case> SaveChangesAsync(string district, DateTimeOffset now, Func<string, Case> build, Actor reporter, CancellationToken ct)
    {
        var @case = build(await CaseNumbers.NextAsync(Db, district, now, ct));
        @case.Report(reporter, now);
        Db.Add(@case);
        await Db.SaveChangesAsync(ct);
        return @case;
    }

    async Task<Case> WriteAsync(PostgresRows rows, string district, DateTimeOffset now, Func<string, Case> build, Actor reporter, CancellationToken ct)
    {
        var model = rows.Model ??= Db.Model;
        var number = await numbers.NextAsync(rows, CaseNumbers.Prefix(district, now), ct)
            ?? await CaseNumbers.NextAsync(Db, district, now, ct); // the day's first case creates the day's counter
        var @case = build(number);
        @case.Report(reporter, now);

        // What SaveChanges would write for the new case, in the interceptors' order: the case and what it reaches,
        // the notifications of its events, its metric delta, then an audit row for each audited row.
        List<object> written = [@case, .. @case.Events, .. @case.Deadlines];
        foreach (var e in @case.Events) written.AddRange(CaseNotifications.For(@case, e));
        if (CaseStatsContribution.Of<CaseStatDelta>(CaseStatsContribution.Of(@case)) is { } delta) written.Add(delta);
        foreach (var row in written.ToArray())
            if (AuditInterceptor.ForNew(model.FindEntityType(row.GetType())!, row, now, user.Id, user.Name) is { } audit) written.Add(audit);

        await rows.InsertGroupedAsync(written, model, ct); // committed when it returns, with the intakes of the same moment
        topics.PublishWritten(written.Select(r => r.GetType()).Distinct());
        await notifications.SendAsync([.. written.OfType<Notification>()], ct);
        return @case;
    }
}
