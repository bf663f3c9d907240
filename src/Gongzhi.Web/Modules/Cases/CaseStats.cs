using System.Globalization;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// The metric counts (<see cref="CaseMetrics.Counts"/>) of the cases of one community, department and category
/// reported in one month (CST). Two tables share this shape: <see cref="CaseStat"/>, the folded totals, and
/// <see cref="CaseStatDelta"/>, the signed changes written in the same transaction as each case change. Their sum is
/// always exact; <see cref="CaseStatsFolder"/> moves deltas into the totals in the background.
/// </summary>
public abstract class CaseBucket : INotAudited
{
    /// <summary>12-digit community code.</summary>
    public string Community { get; init; } = "";
    public string Department { get; init; } = "";
    public string Category { get; init; } = "";
    /// <summary>yyyy-MM of the report in China Standard Time.</summary>
    public string Month { get; init; } = "";
    public int Total { get; set; }
    public int Closed { get; set; }
    public int OpenOverdue { get; set; }
    public int ClosedOnTime { get; set; }
    public int Handled { get; set; }
    public int Reworked { get; set; }
    public int CheckInDue { get; set; }
    public int CheckInOnTime { get; set; }
    public int Rated { get; set; }
    public long RatingSum { get; set; }

    public (string, string, string, string) Key => (Community, Department, Category, Month);

    public bool IsZero => Total == 0 && Closed == 0 && OpenOverdue == 0 && ClosedOnTime == 0 && Handled == 0 && Reworked == 0
        && CheckInDue == 0 && CheckInOnTime == 0 && Rated == 0 && RatingSum == 0;

    public void Add(CaseBucket o, int sign = 1)
    {
        Total += sign * o.Total; Closed += sign * o.Closed; OpenOverdue += sign * o.OpenOverdue; ClosedOnTime += sign * o.ClosedOnTime;
        Handled += sign * o.Handled; Reworked += sign * o.Reworked; CheckInDue += sign * o.CheckInDue; CheckInOnTime += sign * o.CheckInOnTime;
        Rated += sign * o.Rated; RatingSum += sign * o.RatingSum;
    }
}

public sealed class CaseStat : CaseBucket;

public sealed class CaseStatDelta : CaseBucket
{
    public long Id { get; init; }
}

sealed class CaseStatConfiguration : IEntityTypeConfiguration<CaseStat>, IEntityTypeConfiguration<CaseStatDelta>
{
    public void Configure(EntityTypeBuilder<CaseStat> b)
    {
        b.ToTable("case_stats");
        b.HasKey(x => new { x.Community, x.Department, x.Category, x.Month });
        Common(b);
        b.HasIndex(x => x.Month);
    }

    public void Configure(EntityTypeBuilder<CaseStatDelta> b)
    {
        b.ToTable("case_stat_deltas");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        Common(b);
    }

    static void Common<T>(EntityTypeBuilder<T> b) where T : CaseBucket
    {
        b.Property(x => x.Community).HasMaxLength(12);
        b.Property(x => x.Department).HasMaxLength(50);
        b.Property(x => x.Category).HasMaxLength(40);
        b.Property(x => x.Month).HasMaxLength(7);
        b.Ignore(x => x.Key);
        b.Ignore(x => x.IsZero);
    }
}

/// <summary>What one case contributes to its bucket, from its values now or as they were loaded.</summary>
public static class CaseStatsContribution
{
    public sealed record Facts(string AreaCode, bool InTriage, string Department, string Category, DateTimeOffset ReportedAt, CaseState State,
        bool Overdue, int? Rating, bool WasHandled, bool WasReworked, bool WasCheckedIn, bool CheckInLate);

    public static Facts Of(Case c) => new(c.AreaCode, c.InTriage, c.Department, c.CategoryCode, c.ReportedAt, c.State, c.Overdue, c.Rating,
        c.WasHandled, c.WasReworked, c.WasCheckedIn, c.CheckInLate);

    public static Facts Of(PropertyValues v) => new(v.GetValue<string>(nameof(Case.AreaCode)), v.GetValue<bool>(nameof(Case.InTriage)),
        v.GetValue<string>(nameof(Case.Department)), v.GetValue<string>(nameof(Case.CategoryCode)), v.GetValue<DateTimeOffset>(nameof(Case.ReportedAt)),
        v.GetValue<CaseState>(nameof(Case.State)), v.GetValue<bool>(nameof(Case.Overdue)), v.GetValue<int?>(nameof(Case.Rating)),
        v.GetValue<bool>(nameof(Case.WasHandled)), v.GetValue<bool>(nameof(Case.WasReworked)), v.GetValue<bool>(nameof(Case.WasCheckedIn)),
        v.GetValue<bool>(nameof(Case.CheckInLate)));

    public static string MonthOf(DateTimeOffset at) => at.ToCst().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The bucket row of one case (all counts 0 or 1), or null when the case does not count (triage, rejected, merged).</summary>
    public static T? Of<T>(Facts f) where T : CaseBucket, new()
    {
        if (f.InTriage || f.AreaCode.Length < 12 || f.State is CaseState.Rejected or CaseState.Merged) return null;
        var closed = f.State is CaseState.Closed or CaseState.Evaluated;
        static int B(bool v) => v ? 1 : 0;
        return new T
        {
            Community = f.AreaCode[..12], Department = f.Department, Category = f.Category, Month = MonthOf(f.ReportedAt),
            Total = 1, Closed = B(closed), OpenOverdue = B(!closed && f.Overdue), ClosedOnTime = B(closed && !f.Overdue),
            Handled = B(f.WasHandled), Reworked = B(f.WasReworked), CheckInDue = B(f.WasCheckedIn || f.CheckInLate),
            CheckInOnTime = B(f.WasCheckedIn && !f.CheckInLate), Rated = B(f.Rating is not null), RatingSum = f.Rating ?? 0,
        };
    }
}

/// <summary>
/// Writes the deltas of every case added or changed, in the SaveChanges that changes it: the metric totals can never
/// disagree with the cases, whatever fails or runs concurrently.
/// </summary>
public sealed class CaseStatsInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) AddDeltas(db);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db) AddDeltas(db);
        return result;
    }

    static void AddDeltas(DbContext db)
    {
        var deltas = new Dictionary<(string, string, string, string), CaseStatDelta>();
        void Put(CaseStatDelta? row, int sign)
        {
            if (row is null) return;
            if (!deltas.TryGetValue(row.Key, out var d)) deltas[row.Key] = d = new CaseStatDelta { Community = row.Community, Department = row.Department, Category = row.Category, Month = row.Month };
            d.Add(row, sign);
        }
        foreach (var e in db.ChangeTracker.Entries<Case>().ToList())
        {
            if (e.State is EntityState.Modified or EntityState.Deleted) Put(CaseStatsContribution.Of<CaseStatDelta>(CaseStatsContribution.Of(e.OriginalValues)), -1);
            if (e.State is EntityState.Added or EntityState.Modified) Put(CaseStatsContribution.Of<CaseStatDelta>(CaseStatsContribution.Of(e.Entity)), +1);
        }
        db.AddRange(deltas.Values.Where(d => !d.IsZero));
    }
}
