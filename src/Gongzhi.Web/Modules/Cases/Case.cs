using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>Where a case came from.</summary>
public enum Channel { GridPatrol = 1, Resident = 2, Open311 = 3, Hotline12345 = 4, Staff = 5 }

/// <summary>Who did something to a case, in which role.</summary>
public sealed record Actor(string? UserId, string Name, string Role)
{
    public static readonly Actor System = new(null, "system", "System");
}

/// <summary>
/// A case (案件): one problem from report to evaluation. Its rules live here: every change goes through
/// <see cref="Apply"/>, which checks the transition table, appends an event, and starts or stops the step deadlines
/// in the same unit of work.
/// </summary>
public sealed class Case : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>{district}{yyyyMMdd}{serial}, e.g. 32010520261123000042.</summary>
    public required string Number { get; init; }
    /// <summary>The other system's id, e.g. the 12345 hotline's 工单编号; unique per channel.</summary>
    public string? ExternalId { get; init; }
    /// <summary>SHA-256 of the code a resident got to follow their report without an account.</summary>
    public string? TrackingCodeHash { get; init; }
    public Channel Channel { get; init; }
    public required string CategoryCode { get; init; }
    public int ModelVersion { get; init; }
    public required string CategoryName { get; init; }
    public string Department { get; set; } = "";
    public Whistle Whistle { get; set; }
    public double CheckInHours { get; init; }
    public double HandleHours { get; init; }
    public double VerifyHours { get; init; }
    public required string Description { get; init; }
    public string? Address { get; init; }
    public double? Lat { get; init; }
    public double? Lng { get; init; }
    /// <summary>The grid of the location; the district's code while the case waits in triage.</summary>
    public required string AreaCode { get; set; }
    public bool InTriage { get; set; }
    public CaseState State { get; private set; } = CaseState.Reported;
    public EscalationLevel Level { get; private set; }
    public bool Warning { get; private set; }
    public bool Overdue { get; private set; }
    public string? ReporterUserId { get; init; }
    public string? ReporterName { get; init; }
    [AuditMask] public string? ReporterPhone { get; init; }
    public int? Rating { get; private set; }
    public string? RatingComment { get; private set; }
    public Guid? MergedIntoId { get; private set; }
    public double? PostponeRequestedHours { get; private set; }
    public DateTimeOffset ReportedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>What the metrics (CS-6) need to know of the history, kept on the row so that they aggregate in one scan.</summary>
    public bool WasCheckedIn { get; private set; }
    /// <summary>A check-in deadline expired before the department checked in.</summary>
    public bool CheckInLate { get; private set; }
    public bool WasHandled { get; private set; }
    public bool WasReworked { get; private set; }
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<CaseEvent> Events { get; init; } = [];
    public List<Deadline> Deadlines { get; init; } = [];

    /// <summary>What the action needs besides the actor: a note, a department, a whistle, a rating, a grid, a main case.</summary>
    public sealed record Input(string? Note = null, string? Department = null, Whistle? Whistle = null, int? Rating = null,
        string? GridCode = null, Case? MainCase = null, double? Hours = null);

    public void Report(Actor actor, DateTimeOffset now) => Append(actor, now, "Report", null, CaseState.Reported, null);

    /// <summary>Applies <paramref name="action"/>: throws 409 when the state does not allow it, 422 when its input is wrong.</summary>
    public void Apply(CaseAction action, Actor actor, DateTimeOffset now, Input input)
    {
        var next = CaseWorkflow.Next(State, action);
        var note = input.Note?.Trim();
        if (CaseWorkflow.NeedsReason(action) && string.IsNullOrEmpty(note)) throw new DomainException("case.reason", "A reason is required", action);
        switch (action)
        {
            case CaseAction.Accept when InTriage:
                if (input.GridCode is not { Length: 15 } grid) throw new DomainException("case.triage.grid", "A case in triage needs its grid when accepted");
                AreaCode = grid;
                InTriage = false;
                break;
            case CaseAction.Dispatch:
                if (InTriage) throw new DomainException("case.triage.grid", "A case in triage needs its grid when accepted");
                Department = string.IsNullOrWhiteSpace(input.Department) ? Department : input.Department.Trim();
                if (Department.Length == 0) throw new DomainException("case.department", "Name the department");
                Whistle = input.Whistle ?? Whistle;
                if (!Enum.IsDefined(Whistle)) throw new DomainException("case.whistle", "Unknown whistle");
                Level = Whistle.StartLevel();
                break;
            case CaseAction.Reassign:
                if (string.IsNullOrWhiteSpace(input.Department) || input.Department.Trim() == Department)
                    throw new DomainException("case.department", "Name the other department");
                Department = input.Department.Trim();
                break;
            case CaseAction.Evaluate:
                if (input.Rating is not (>= 1 and <= 5)) throw new DomainException("case.rating", "The rating is 1 to 5");
                Rating = input.Rating;
                RatingComment = note;
                break;
            case CaseAction.Merge:
                if (input.MainCase is not { } main || main.Id == Id) throw new DomainException("case.merge.main", "Name the main case");
                if (!CaseWorkflow.IsOpen(main.State) || main.CategoryCode != CategoryCode)
                    throw new DomainException("case.merge.main", "The main case must be open and of the same category");
                MergedIntoId = main.Id;
                main.Append(actor, now, "MergedIn", main.State, main.State, Number);
                break;
            case CaseAction.RequestPostpone:
                if (input.Hours is not (> 0 and <= 720)) throw new DomainException("case.postpone.hours", "Ask for 1 to 720 hours");
                PostponeRequestedHours = input.Hours;
                break;
            case CaseAction.ApprovePostpone:
                if (PostponeRequestedHours is not { } hours) throw new DomainException("case.postpone.none", "No postponement was asked for");
                foreach (var d in OpenDeadlines().Where(d => d.Kind == DeadlineKind.Handle)) d.Extend(TimeSpan.FromHours(hours));
                PostponeRequestedHours = null;
                break;
        }

        var from = State;
        State = next;
        if (next == CaseState.Closed) ClosedAt = now;
        switch (action)
        {
            case CaseAction.CheckIn: WasCheckedIn = true; break;
            case CaseAction.Handle: WasHandled = true; break;
            case CaseAction.Rework: WasReworked = true; break;
        }
        if (from != next || action == CaseAction.Reassign)
        {
            foreach (var d in OpenDeadlines()) d.Cancel(now);
            Warning = false;
            StartDeadline(next, now);
        }
        Append(actor, now, action.ToString(), from, next, note);
    }

    /// <summary>Called by the sweeper when a step deadline reaches 80 % of its limit.</summary>
    public void Warn(Deadline deadline, DateTimeOffset now)
    {
        Warning = true;
        Append(Actor.System, now, "Warn", State, State, deadline.Kind.ToString());
    }

    /// <summary>Called by the sweeper when a step deadline is due: raise one level, and give the next level its own time.</summary>
    public void Escalate(Deadline deadline, DateTimeOffset now)
    {
        Overdue = true;
        if (deadline.Kind == DeadlineKind.CheckIn) CheckInLate = true;
        var before = Level;
        Level = Level.Up();
        Append(Actor.System, now, "Escalate", State, State, $"{deadline.Kind}: {before} → {Level} ({Level.AreaOf(AreaCode)})");
        if (before != EscalationLevel.District) Deadlines.Add(Deadline.Start(Id, deadline.Kind, now, deadline.Limit, Level));
    }

    IEnumerable<Deadline> OpenDeadlines() => Deadlines.Where(d => d.FiredAt is null && d.CancelledAt is null).ToList();

    void StartDeadline(CaseState state, DateTimeOffset now)
    {
        var factor = Whistle.LimitFactor();
        (DeadlineKind Kind, double Hours)? step = state switch
        {
            CaseState.Dispatched => (DeadlineKind.CheckIn, CheckInHours),
            CaseState.CheckedIn => (DeadlineKind.Handle, HandleHours),
            CaseState.Handled => (DeadlineKind.Verify, VerifyHours),
            _ => null,
        };
        if (step is { } s) Deadlines.Add(Deadline.Start(Id, s.Kind, now, TimeSpan.FromHours(s.Hours * factor), Level));
    }

    void Append(Actor actor, DateTimeOffset now, string action, CaseState? from, CaseState to, string? note)
    {
        Events.Add(new CaseEvent { CaseId = Id, At = now, UserId = actor.UserId, ActorName = actor.Name, Role = actor.Role, Action = action, From = from, To = to, Note = note });
        Version = Guid.NewGuid(); // every change moves the concurrency token: a stale write elsewhere becomes a 409
    }
}

/// <summary>One row of a case's timeline: who, in which role, when, from which state to which, and why.</summary>
public sealed class CaseEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public DateTimeOffset At { get; init; }
    public string? UserId { get; init; }
    public required string ActorName { get; init; }
    public required string Role { get; init; }
    public required string Action { get; init; }
    public CaseState? From { get; init; }
    public CaseState To { get; init; }
    public string? Note { get; init; }
}

sealed class CaseConfiguration : IEntityTypeConfiguration<Case>, IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("cases");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever(); // ids are made by the app (v7), so rows reached through navigations are new
        b.Property(x => x.Number).HasMaxLength(24);
        b.HasIndex(x => x.Number).IsUnique();
        b.Property(x => x.ExternalId).HasMaxLength(40);
        b.Property(x => x.TrackingCodeHash).HasMaxLength(64);
        b.HasIndex(x => new { x.Channel, x.ExternalId }).IsUnique();
        b.Property(x => x.CategoryCode).HasMaxLength(40);
        b.Property(x => x.CategoryName).HasMaxLength(50);
        b.Property(x => x.Department).HasMaxLength(50);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Address).HasMaxLength(200);
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.ReporterUserId).HasMaxLength(64);
        b.Property(x => x.ReporterName).HasMaxLength(50);
        b.Property(x => x.ReporterPhone).HasMaxLength(20);
        b.Property(x => x.RatingComment).HasMaxLength(500);
        foreach (var p in new[] { nameof(Case.Channel), nameof(Case.State), nameof(Case.Whistle), nameof(Case.Level) })
            b.Property(p).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.AreaCode, x.State });
        b.HasIndex(x => new { x.Department, x.State });
        // Lists in report order, and metrics over day ranges from the index alone (PostgreSQL INCLUDE; SQLite ignores it).
        b.HasIndex(x => x.ReportedAt).IncludeProperties(x => new
        {
            x.AreaCode, x.State, x.Overdue, x.Rating, x.WasHandled, x.WasReworked, x.WasCheckedIn, x.CheckInLate, x.InTriage, x.Department,
        });
        b.HasIndex(x => x.ClosedAt); // the board's "closed today"
        b.HasIndex(x => new { x.State, x.AreaCode, x.Overdue, x.Warning }); // the board's open cases per grid, from the index alone
        b.HasMany(x => x.Events).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Deadlines).WithOne().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.ToTable("case_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.ActorName).HasMaxLength(256);
        b.Property(x => x.Role).HasMaxLength(32);
        b.Property(x => x.Action).HasMaxLength(32);
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Note).HasMaxLength(1000);
        b.HasIndex(x => new { x.CaseId, x.At });
        b.HasIndex(x => x.At); // the board's latest whistles: read backwards, stop after ten
    }
}
