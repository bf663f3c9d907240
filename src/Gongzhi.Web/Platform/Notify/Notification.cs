using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Platform.Notify;

/// <summary>
/// PL-6: something someone must act on. Addressed to one user, or to everyone holding <see cref="Role"/> over
/// <see cref="AreaCode"/> (and, for department staff, of <see cref="Department"/>). Written in the same SaveChanges as
/// the change that causes it; read state is per user.
/// </summary>
public sealed class Notification : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public DateTimeOffset At { get; init; }
    public string? UserId { get; init; }
    public AppRole? Role { get; init; }
    public string AreaCode { get; init; } = "";
    public string? Department { get; init; }
    /// <summary>A resource key (e.g. notify.case.dispatched) and its arguments, so each reader sees their language.</summary>
    public required string Key { get; init; }
    public string Args { get; init; } = "";
    public string? Link { get; init; }
}

public sealed class NotificationRead
{
    public Guid NotificationId { get; init; }
    public required string UserId { get; init; }
    public DateTimeOffset ReadAt { get; init; }
}

sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>, IEntityTypeConfiguration<NotificationRead>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Department).HasMaxLength(50);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.Args).HasMaxLength(500);
        b.Property(x => x.Link).HasMaxLength(200);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Role, x.AreaCode });
        b.HasIndex(x => x.UserId);
    }

    public void Configure(EntityTypeBuilder<NotificationRead> b)
    {
        b.ToTable("notification_reads");
        b.HasKey(x => new { x.NotificationId, x.UserId });
        b.Property(x => x.UserId).HasMaxLength(64);
    }
}

/// <summary>An outbound channel (SMS, WeChat, e-mail …). None is required; each registered one gets every notification.</summary>
public interface INotificationChannel
{
    Task SendAsync(Notification notification, CancellationToken ct);
}

/// <summary>The in-app inbox: what is addressed to the caller, newest first, with unread counts.</summary>
public static class Inbox
{
    public const string Changed = "notifications";

    public sealed record Item(Guid Id, DateTimeOffset At, string Key, string[] Args, string? Link, bool Read);

    /// <summary>Notifications for the caller: to them by id, or to a role they hold over an area their assignment covers.</summary>
    public static IQueryable<Notification> For(GongzhiDb db, Caller caller)
    {
        var uid = caller.UserId;
        var q = db.Set<Notification>().Where(n => n.UserId == uid);
        foreach (var (role, area) in caller.Assignments.Distinct())
        {
            var (r, a, dept) = (role, area, caller.Department);
            q = q.Concat(db.Set<Notification>().Where(n => n.UserId == null && n.Role == r && n.AreaCode.StartsWith(a)
                && (r != AppRole.DepartmentStaff || n.Department == dept)));
        }
        return q;
    }

    public static async Task<int> UnreadAsync(GongzhiDb db, Caller caller, CancellationToken ct)
    {
        if (!caller.IsAuthenticated) return 0;
        var uid = caller.UserId;
        return await For(db, caller).Where(n => !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == uid)).Select(n => n.Id).Distinct().CountAsync(ct);
    }

    public static async Task<Page<Item>> ListAsync(GongzhiDb db, Caller caller, bool unreadOnly, PageRequest page, CancellationToken ct)
    {
        var uid = caller.UserId;
        var ids = For(db, caller).Select(n => n.Id).Distinct();
        var q = db.Set<Notification>().AsNoTracking().Where(n => ids.Contains(n.Id));
        if (unreadOnly) q = q.Where(n => !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == uid));
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(n => n.At).ThenByDescending(n => n.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(n => new { n.Id, n.At, n.Key, n.Args, n.Link, Read = db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == uid) })
            .ToListAsync(ct);
        return new([.. rows.Select(r => new Item(r.Id, r.At, r.Key, r.Args.Split('\u001f'), r.Link, r.Read))], total, page.Page, page.PageSize);
    }

    public static async Task MarkReadAsync(GongzhiDb db, Caller caller, TimeProvider clock, Guid? id, CancellationToken ct)
    {
        var uid = caller.UserId;
        var unread = For(db, caller).Where(n => !db.Set<NotificationRead>().Any(r => r.NotificationId == n.Id && r.UserId == uid));
        if (id is { } one) unread = unread.Where(n => n.Id == one);
        var ids = await unread.Select(n => n.Id).Distinct().ToListAsync(ct);
        db.Set<NotificationRead>().AddRange(ids.Select(n => new NotificationRead { NotificationId = n, UserId = uid, ReadAt = clock.GetUtcNow() }));
        await db.SaveChangesAsync(ct);
    }

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/", async ([AsParameters] PageRequest page, bool? unread, GongzhiDb db, Caller caller, CancellationToken ct) =>
            TypedResults.Ok(await ListAsync(db, caller, unread ?? false, page, ct))).WithSummary("Your notifications, newest first");
        api.MapGet("/unread-count", async (GongzhiDb db, Caller caller, CancellationToken ct) => TypedResults.Ok(new { count = await UnreadAsync(db, caller, ct) }));
        api.MapPost("/{id:guid}/read", async Task<NoContent> (Guid id, GongzhiDb db, Caller caller, TimeProvider clock, ChangeBus bus, CancellationToken ct) =>
        {
            await MarkReadAsync(db, caller, clock, id, ct);
            bus.Publish(Changed);
            return TypedResults.NoContent();
        });
        api.MapPost("/read-all", async Task<NoContent> (GongzhiDb db, Caller caller, TimeProvider clock, ChangeBus bus, CancellationToken ct) =>
        {
            await MarkReadAsync(db, caller, clock, null, ct);
            bus.Publish(Changed);
            return TypedResults.NoContent();
        });
    }
}

/// <summary>
/// Hands notifications to the outbound channels and tells open pages, after the SaveChanges that wrote them.
/// Modules add <see cref="Notification"/> rows; nothing else is needed.
/// </summary>
public sealed class NotificationInterceptor(IEnumerable<INotificationChannel> channels, ChangeBus bus, ILogger<NotificationInterceptor> log)
    : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
{
    List<Notification> _pending = [];

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
        Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        _pending = eventData.Context is { } db
            ? [.. db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)]
            : [];
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var sent = _pending;
        _pending = [];
        await SendAsync(sent, cancellationToken);
        return result;
    }

    /// <summary>After the commit of <paramref name="sent"/>: tells open pages and hands each to every channel (also for rows written without EF Core).</summary>
    public async Task SendAsync(IReadOnlyList<Notification> sent, CancellationToken ct)
    {
        if (sent.Count == 0) return;
        bus.Publish(Inbox.Changed);
        foreach (var channel in channels)
            foreach (var n in sent)
            {
                try { await channel.SendAsync(n, ct); }
                catch (Exception e) { log.LogWarning(e, "Channel {Channel} could not send notification {Id}", channel.GetType().Name, n.Id); }
            }
    }
}
