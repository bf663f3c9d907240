using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>The step a deadline times.</summary>
public enum DeadlineKind { CheckIn = 1, Handle = 2, Verify = 3 }

/// <summary>
/// A timer row, written in the same transaction as the case change that starts it. <see cref="DeadlineSweeper"/>
/// warns at <see cref="WarnAt"/> (80 % of the limit) and fires at <see cref="DueAt"/>, each exactly once.
/// </summary>
public sealed class Deadline
{
    public const double WarnShare = 0.8;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public DeadlineKind Kind { get; init; }
    /// <summary>The escalation level the clock runs for.</summary>
    public EscalationLevel Level { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public double LimitSeconds { get; private set; }
    public DateTimeOffset WarnAt { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public DateTimeOffset? WarnedAt { get; private set; }
    public DateTimeOffset? FiredAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    public TimeSpan Limit => TimeSpan.FromSeconds(LimitSeconds);

    public static Deadline Start(Guid caseId, DeadlineKind kind, DateTimeOffset now, TimeSpan limit, EscalationLevel level) => new()
    {
        CaseId = caseId,
        Kind = kind,
        Level = level,
        StartedAt = now,
        LimitSeconds = limit.TotalSeconds,
        WarnAt = now + limit * WarnShare,
        DueAt = now + limit,
    };

    public void Cancel(DateTimeOffset now) => CancelledAt ??= now;

    /// <summary>A granted postponement: the limit grows, and the warning is due again at 80 % of the new limit.</summary>
    public void Extend(TimeSpan by)
    {
        LimitSeconds += by.TotalSeconds;
        DueAt = StartedAt + Limit;
        WarnAt = StartedAt + Limit * WarnShare;
        WarnedAt = null;
    }

    public bool IsDue(DateTimeOffset now) => DueAt <= now;

    public void MarkWarned(DateTimeOffset now) => WarnedAt ??= now;

    public void Fire(DateTimeOffset now)
    {
        WarnedAt ??= now;
        FiredAt = now;
    }
}

sealed class DeadlineConfiguration : IEntityTypeConfiguration<Deadline>
{
    public void Configure(EntityTypeBuilder<Deadline> b)
    {
        b.ToTable("deadlines");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        b.Ignore(x => x.Limit);
        b.HasIndex(x => new { x.FiredAt, x.CancelledAt, x.DueAt });
        b.HasIndex(x => x.CaseId);
    }
}
