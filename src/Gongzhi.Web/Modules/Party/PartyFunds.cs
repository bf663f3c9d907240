using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Party;

/// <summary>The status of an activity plan (PT-7): see <see cref="FundRules"/> for the transitions.</summary>
public enum PlanStatus { Draft = 1, Submitted = 2, Approved = 3, Rejected = 4, Closed = 5 }

/// <summary>A party activity plan with its budget (党费使用审批). The area code is the organisation's.</summary>
public sealed class PartyActivityPlan : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OrgId { get; init; }
    public required string AreaCode { get; init; }
    public required string Title { get; set; }
    public string? Purpose { get; set; }
    public DateOnly PlannedOn { get; set; }
    /// <summary>Yuan, two decimals.</summary>
    public decimal Budget { get; set; }
    /// <summary>The sum of the spends, kept on the plan so the budget check and the spend are one concurrency-checked write.</summary>
    public decimal Spent { get; set; }
    public PlanStatus Status { get; set; } = PlanStatus.Draft;
    public required string CreatedBy { get; init; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>Why it was rejected.</summary>
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>Money spent against an approved plan.</summary>
public sealed class PartySpend : IAreaOwned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PlanId { get; init; }
    public required string AreaCode { get; init; }
    public DateOnly On { get; set; }
    public decimal Amount { get; set; }
    public required string Item { get; set; }
    public string? ReceiptUrl { get; set; }
    /// <summary>Who recorded it (a correction keeps it; the audit log says who changed it).</summary>
    public required string ByUser { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

sealed class PartyActivityPlanConfiguration : IEntityTypeConfiguration<PartyActivityPlan>
{
    public void Configure(EntityTypeBuilder<PartyActivityPlan> b)
    {
        b.ToTable("party_activity_plans");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Purpose).HasMaxLength(4000);
        b.Property(x => x.Budget).HasPrecision(12, 2);
        b.Property(x => x.Spent).HasPrecision(12, 2);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.CreatedBy).HasMaxLength(64);
        b.Property(x => x.SubmittedBy).HasMaxLength(64);
        b.Property(x => x.DecidedBy).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(1000);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => new { x.AreaCode, x.Status });
        b.HasIndex(x => x.OrgId);
    }
}

sealed class PartySpendConfiguration : IEntityTypeConfiguration<PartySpend>
{
    public void Configure(EntityTypeBuilder<PartySpend> b)
    {
        b.ToTable("party_spends");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.AreaCode).HasMaxLength(18);
        b.Property(x => x.Amount).HasPrecision(12, 2);
        b.Property(x => x.Item).HasMaxLength(200);
        b.Property(x => x.ReceiptUrl).HasMaxLength(1000);
        b.Property(x => x.ByUser).HasMaxLength(64);
        b.HasIndex(x => x.PlanId);
    }
}

/// <summary>Activity plans, their approval and their spends (PT-7, 党费使用审批): the API and the handlers the page shares.</summary>
public static class PartyFunds
{
    public sealed record Create(
        Guid OrgId,
        [property: Required, MaxLength(200)] string Title,
        DateOnly PlannedOn,
        decimal Budget,
        [property: MaxLength(4000)] string? Purpose = null);

    public sealed record Decision([property: MaxLength(1000)] string? Reason = null);

    public sealed record SpendIn(
        DateOnly On,
        decimal Amount,
        [property: Required, MaxLength(200)] string Item,
        [property: MaxLength(1000)] string? ReceiptUrl = null);

    public sealed record View(Guid Id, Guid OrgId, string OrgName, PartyOrgKind OrgKind, string AreaCode, string Title, string? Purpose, DateOnly PlannedOn,
        decimal Budget, decimal Spent, decimal Remaining, PlanStatus Status, string? Reason, string ApproverArea, bool CanApprove, bool CanWrite,
        IReadOnlyList<FundAction> Actions, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, DateTimeOffset UpdatedAt);

    /// <summary>What an organisation spent in a year (the spends' days), over its plans.</summary>
    public sealed record ReportRow(Guid OrgId, string OrgName, PartyOrgKind OrgKind, string AreaCode, int Year, decimal Spent, int Spends, int Plans);

    public sealed record SpendView(Guid Id, Guid PlanId, DateOnly On, decimal Amount, string Item, string? ReceiptUrl, string ByUser, DateTimeOffset CreatedAt);

    public static void Map(RouteGroupBuilder party)
    {
        var plans = party.MapGroup("/funds/plans");
        plans.MapGet("/", async (string? area, PlanStatus? status, Guid? org, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ListAsync(db, caller, area, status, org, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Activity plans under an area (default: the caller's scope), by status or organisation; newest planned first");
        plans.MapGet("/{id:guid}", async Task<Results<Ok<View>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await GetAsync(db, caller, id, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("One activity plan");
        plans.MapPost("/", async (Create body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await CreateAsync(db, clock, caller, body, ct);
                return TypedResults.Created($"/api/party/funds/plans/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Create a plan (Draft) for an organisation of the caller's write scope: budget > 0, two decimals");
        plans.MapPut("/{id:guid}", async (Guid id, Create body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await EditDraftAsync(db, clock, caller, id, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Edit a draft (title, purpose, day, budget; the organisation is fixed); 409 once submitted");
        plans.MapDelete("/{id:guid}", async (Guid id, GongzhiDb db, Caller caller, CancellationToken ct) =>
            {
                await DiscardDraftAsync(db, caller, id, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Discard a draft (the audit log keeps it); 409 once submitted");
        plans.MapPost("/{id:guid}/submit", async (Guid id, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ActAsync(db, clock, caller, id, FundAction.Submit, null, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Submit a draft for approval");
        plans.MapPost("/{id:guid}/approve", async (Guid id, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ActAsync(db, clock, caller, id, FundAction.Approve, null, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Approve a submitted plan: writers of the level above the organisation only, never the submitter");
        plans.MapPost("/{id:guid}/reject", async (Guid id, Decision body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ActAsync(db, clock, caller, id, FundAction.Reject, body.Reason, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Reject a submitted plan with a reason: as approve");
        plans.MapPost("/{id:guid}/close", async (Guid id, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ActAsync(db, clock, caller, id, FundAction.Close, null, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Close an approved or rejected plan: it takes no more spends");
        plans.MapGet("/{id:guid}/spends", async Task<Results<Ok<List<SpendView>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await SpendsAsync(db, caller, id, ct) is { } v ? TypedResults.Ok(v) : Problems.NotFound(http))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("The spends of a plan, oldest first");
        plans.MapPost("/{id:guid}/spends", async (Guid id, SpendIn body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var v = await SpendAsync(db, clock, caller, id, body, ct);
                return TypedResults.Created($"/api/party/funds/plans/{id}/spends/{v.Id}", v);
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Record a spend against an approved plan: amount > 0, two decimals, the total not above the budget; a closed plan takes none");
        plans.MapPut("/{id:guid}/spends/{spendId:guid}", async (Guid id, Guid spendId, SpendIn body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await CorrectSpendAsync(db, clock, caller, id, spendId, body, ct)))
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Correct a spend while its plan is approved (not closed): the same rules as recording it, the budget counted without its old amount");
        plans.MapDelete("/{id:guid}/spends/{spendId:guid}", async (Guid id, Guid spendId, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                await RemoveSpendAsync(db, clock, caller, id, spendId, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.PartyWrite)
            .WithSummary("Remove a spend while its plan is approved (not closed); the audit log keeps it");
        party.MapGet("/funds/report", async (string? area, int? year, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ReportAsync(db, caller, area, year, ct)))
            .RequirePermission(Permission.PartyRead)
            .WithSummary("Spent per organisation and year (by the spends' days) under an area (default: the caller's scope), newest year first");
    }

    static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToCst().DateTime);

    public static async Task<List<View>> ListAsync(GongzhiDb db, Caller caller, string? area, PlanStatus? status, Guid? org, CancellationToken ct)
    {
        var prefixes = PartyOrgs.Prefixes(caller, area);
        var query = db.Set<PartyActivityPlan>().AsNoTracking().InScope(prefixes, p => p.AreaCode);
        if (status is { } s) query = query.Where(p => p.Status == s);
        if (org is { } o) query = query.Where(p => p.OrgId == o);
        var rows = await query.OrderByDescending(p => p.PlannedOn).ThenByDescending(p => p.Id).Take(500).ToListAsync(ct);
        return await ViewsAsync(db, caller, rows, ct);
    }

    public static async Task<View?> GetAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var plan = await db.Set<PartyActivityPlan>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(p => p.Id == id, ct);
        return plan is null ? null : (await ViewsAsync(db, caller, [plan], ct))[0];
    }

    static async Task<List<View>> ViewsAsync(GongzhiDb db, Caller caller, List<PartyActivityPlan> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.OrgId).Distinct().ToList();
        var orgs = await db.Set<PartyOrg>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => (o.Name, o.Kind), ct);
        var write = caller.ScopeFor(Permission.PartyWrite);
        return [.. rows.Select(p =>
        {
            var (name, kind) = orgs.GetValueOrDefault(p.OrgId, ("?", PartyOrgKind.GridBranch));
            var canApprove = p.Status == PlanStatus.Submitted && FundRules.CheckApprover(kind, p.AreaCode, write, caller.UserId, p.SubmittedBy) is null;
            return new View(p.Id, p.OrgId, name, kind, p.AreaCode, p.Title, p.Purpose, p.PlannedOn, p.Budget, p.Spent, p.Budget - p.Spent, p.Status, p.Reason,
                FundRules.ApproverArea(kind, p.AreaCode), canApprove, write.Covers(p.AreaCode), FundRules.Actions(p.Status), p.SubmittedAt, p.DecidedAt, p.UpdatedAt);
        })];
    }

    public static async Task<View> CreateAsync(GongzhiDb db, TimeProvider clock, Caller caller, Create body, CancellationToken ct)
    {
        var org = await db.Set<PartyOrg>().AsNoTracking().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(o => o.Id == body.OrgId, ct)
            ?? throw new DomainException("party.member.org.missing", "No such organisation");
        if (!caller.Can(Permission.PartyWrite, org.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        var title = body.Title.Trim();
        if (title.Length == 0) throw new DomainException("party.name", "The name is required");
        if (!FundRules.ValidAmount(body.Budget)) throw new DomainException("party.funds.amount", "An amount must be above zero with at most two decimals", body.Budget);
        var now = clock.GetUtcNow();
        var plan = new PartyActivityPlan
        {
            OrgId = org.Id, AreaCode = org.AreaCode, Title = title, Purpose = string.IsNullOrWhiteSpace(body.Purpose) ? null : body.Purpose.Trim(),
            PlannedOn = body.PlannedOn, Budget = body.Budget, CreatedBy = caller.UserId, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(plan);
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, caller, [plan], ct))[0];
    }

    /// <summary>A draft of the caller's write scope (404 unreadable, 403 not writable, 409 no longer a draft).</summary>
    static async Task<PartyActivityPlan> DraftAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var plan = await db.Set<PartyActivityPlan>().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new DomainException("not_found", "No such plan") { Status = 404 };
        if (!caller.Can(Permission.PartyWrite, plan.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        if (plan.Status != PlanStatus.Draft) throw DomainException.Conflict("party.funds.status", "The plan cannot do this in its status", plan.Status, "edit");
        return plan;
    }

    public static async Task<View> EditDraftAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, Create body, CancellationToken ct)
    {
        var plan = await DraftAsync(db, caller, id, ct);
        if (body.OrgId != plan.OrgId) throw new DomainException("party.funds.org", "The organisation of a plan cannot change");
        var title = body.Title.Trim();
        if (title.Length == 0) throw new DomainException("party.name", "The name is required");
        if (!FundRules.ValidAmount(body.Budget)) throw new DomainException("party.funds.amount", "An amount must be above zero with at most two decimals", body.Budget);
        plan.Title = title;
        plan.Purpose = string.IsNullOrWhiteSpace(body.Purpose) ? null : body.Purpose.Trim();
        plan.PlannedOn = body.PlannedOn;
        plan.Budget = body.Budget;
        plan.UpdatedAt = clock.GetUtcNow();
        plan.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, caller, [plan], ct))[0];
    }

    public static async Task DiscardDraftAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        db.Remove(await DraftAsync(db, caller, id, ct));
        await db.SaveChangesAsync(ct);
    }

    public static async Task<View> ActAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, FundAction action, string? reason, CancellationToken ct)
    {
        var plan = await db.Set<PartyActivityPlan>().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new DomainException("not_found", "No such plan") { Status = 404 };
        var org = await db.Set<PartyOrg>().AsNoTracking().SingleAsync(o => o.Id == plan.OrgId, ct);
        var now = clock.GetUtcNow();
        if (action is FundAction.Approve or FundAction.Reject)
        {
            if (FundRules.CheckApprover(org.Kind, plan.AreaCode, caller.ScopeFor(Permission.PartyWrite), caller.UserId, plan.SubmittedBy) is { } code)
                throw new DomainException(code, "You may not decide on this plan", FundRules.ApproverArea(org.Kind, plan.AreaCode)) { Status = 403 };
        }
        else if (!caller.Can(Permission.PartyWrite, plan.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        var next = FundRules.Next(plan.Status, action)
            ?? throw DomainException.Conflict("party.funds.status", "The plan cannot do this in its status", plan.Status, action);
        if (action == FundAction.Reject)
        {
            reason = reason?.Trim();
            if (string.IsNullOrEmpty(reason)) throw new DomainException("party.funds.reason", "A rejection needs a reason");
            plan.Reason = reason;
        }
        if (action == FundAction.Submit) { plan.SubmittedBy = caller.UserId; plan.SubmittedAt = now; plan.Reason = null; }
        if (action is FundAction.Approve or FundAction.Reject) { plan.DecidedBy = caller.UserId; plan.DecidedAt = now; }
        plan.Status = next;
        plan.UpdatedAt = now;
        plan.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(db, caller, [plan], ct))[0];
    }

    public static async Task<List<SpendView>?> SpendsAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        if (!await db.Set<PartyActivityPlan>().InScope(caller, Permission.PartyRead).AnyAsync(p => p.Id == id, ct)) return null;
        var rows = await db.Set<PartySpend>().AsNoTracking().Where(s => s.PlanId == id).ToListAsync(ct);
        var names = await UserNamesAsync(db, rows.Select(r => r.ByUser), ct);
        return [.. rows.OrderBy(s => s.On).ThenBy(s => s.Id).Select(s => Spend(s, names))];
    }

    static SpendView Spend(PartySpend s, Dictionary<string, string> names) =>
        new(s.Id, s.PlanId, s.On, s.Amount, s.Item, s.ReceiptUrl, names.GetValueOrDefault(s.ByUser, s.ByUser), s.CreatedAt);

    static async Task<Dictionary<string, string>> UserNamesAsync(GongzhiDb db, IEnumerable<string> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    public static async Task<SpendView> SpendAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, SpendIn body, CancellationToken ct)
    {
        var plan = await db.Set<PartyActivityPlan>().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new DomainException("not_found", "No such plan") { Status = 404 };
        if (!caller.Can(Permission.PartyWrite, plan.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        OpenForSpends(plan);
        var (item, receipt) = CheckSpend(clock, plan, 0m, body);
        var now = clock.GetUtcNow();
        var spend = new PartySpend
        {
            PlanId = plan.Id, AreaCode = plan.AreaCode, On = body.On, Amount = body.Amount, Item = item, ReceiptUrl = receipt, ByUser = caller.UserId, CreatedAt = now,
        };
        db.Add(spend);
        plan.Spent += body.Amount;
        plan.UpdatedAt = now;
        plan.Version = Guid.NewGuid(); // two spends at once: one of them fails with 409 instead of both passing the budget check
        await db.SaveChangesAsync(ct);
        return Spend(spend, await UserNamesAsync(db, [caller.UserId], ct));
    }

    /// <summary>Spends are recorded, corrected and removed only while the plan is approved (closed: 422 closed; else 422 not approved).</summary>
    static void OpenForSpends(PartyActivityPlan plan)
    {
        if (plan.Status == PlanStatus.Closed) throw new DomainException("party.funds.closed", "A closed plan takes no spends");
        if (plan.Status != PlanStatus.Approved) throw new DomainException("party.funds.notapproved", "Spends are recorded against an approved plan only");
    }

    /// <summary>The rules of a spend; <paramref name="replaced"/> is the amount of the spend being corrected (not counted against the budget).</summary>
    static (string Item, string? Receipt) CheckSpend(TimeProvider clock, PartyActivityPlan plan, decimal replaced, SpendIn body)
    {
        if (!FundRules.ValidAmount(body.Amount)) throw new DomainException("party.funds.amount", "An amount must be above zero with at most two decimals", body.Amount);
        var spent = plan.Spent - replaced;
        if (FundRules.OverBudget(plan.Budget, spent, body.Amount))
            throw new DomainException("party.funds.overbudget", "The spends would exceed the budget", (plan.Budget - spent).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        if (body.On > Today(clock)) throw new DomainException("party.funds.future", "A spend cannot be in the future");
        var item = body.Item.Trim();
        if (item.Length == 0) throw new DomainException("party.name", "The name is required");
        var receipt = string.IsNullOrWhiteSpace(body.ReceiptUrl) ? null : body.ReceiptUrl.Trim();
        if (receipt is not null && !(Uri.TryCreate(receipt, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            throw new DomainException("party.funds.receipt", "The receipt must be an http(s) link");
        return (item, receipt);
    }

    /// <summary>The plan (404 unreadable, 403 not writable) and its spend (404 not of this plan), tracked.</summary>
    static async Task<(PartyActivityPlan Plan, PartySpend Spend)> SpendOfAsync(GongzhiDb db, Caller caller, Guid id, Guid spendId, CancellationToken ct)
    {
        var plan = await db.Set<PartyActivityPlan>().InScope(caller, Permission.PartyRead).SingleOrDefaultAsync(p => p.Id == id, ct)
            ?? throw new DomainException("not_found", "No such plan") { Status = 404 };
        var spend = await db.Set<PartySpend>().SingleOrDefaultAsync(s => s.Id == spendId && s.PlanId == id, ct)
            ?? throw new DomainException("not_found", "No such spend") { Status = 404 };
        if (!caller.Can(Permission.PartyWrite, plan.AreaCode)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        OpenForSpends(plan);
        return (plan, spend);
    }

    /// <summary>Corrects a spend (day, amount, item, receipt); the plan's spent sum follows and its version changes (409 if another spend came first).</summary>
    public static async Task<SpendView> CorrectSpendAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, Guid spendId, SpendIn body, CancellationToken ct)
    {
        var (plan, spend) = await SpendOfAsync(db, caller, id, spendId, ct);
        var (item, receipt) = CheckSpend(clock, plan, spend.Amount, body);
        var now = clock.GetUtcNow();
        plan.Spent += body.Amount - spend.Amount;
        spend.On = body.On;
        spend.Amount = body.Amount;
        spend.Item = item;
        spend.ReceiptUrl = receipt;
        plan.UpdatedAt = now;
        plan.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return Spend(spend, await UserNamesAsync(db, [spend.ByUser], ct));
    }

    /// <summary>Removes a spend (a mistaken entry); the plan's spent sum drops by its amount. The audit log keeps the row.</summary>
    public static async Task RemoveSpendAsync(GongzhiDb db, TimeProvider clock, Caller caller, Guid id, Guid spendId, CancellationToken ct)
    {
        var (plan, spend) = await SpendOfAsync(db, caller, id, spendId, ct);
        plan.Spent -= spend.Amount;
        plan.UpdatedAt = clock.GetUtcNow();
        plan.Version = Guid.NewGuid();
        db.Remove(spend);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Spent per organisation and year (the year of each spend's day), in the caller's read scope under an area (404 outside it).</summary>
    public static async Task<List<ReportRow>> ReportAsync(GongzhiDb db, Caller caller, string? area, int? year, CancellationToken ct)
    {
        var prefixes = PartyOrgs.Prefixes(caller, area);
        var query = db.Set<PartySpend>().AsNoTracking().InScope(prefixes, s => s.AreaCode);
        if (year is { } y)
        {
            if (y is < 1900 or > 9998) throw new DomainException("party.funds.year", "No report for this year", y) { Status = 400 };
            var (from, to) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
            query = query.Where(s => s.On >= from && s.On <= to);
        }
        var spends = await query.Join(db.Set<PartyActivityPlan>(), s => s.PlanId, p => p.Id, (s, p) => new { p.OrgId, PlanId = p.Id, s.On, s.Amount }).ToListAsync(ct);
        var orgIds = spends.Select(s => s.OrgId).Distinct().ToList();
        var orgs = await db.Set<PartyOrg>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => (o.Name, o.Kind, o.AreaCode), ct);
        return [.. spends.GroupBy(s => (s.OrgId, s.On.Year))
            .Select(g =>
            {
                var (name, kind, code) = orgs.GetValueOrDefault(g.Key.OrgId, ("?", PartyOrgKind.GridBranch, ""));
                return new ReportRow(g.Key.OrgId, name, kind, code, g.Key.Year, g.Sum(s => s.Amount), g.Count(), g.Select(s => s.PlanId).Distinct().Count());
            })
            .OrderByDescending(r => r.Year).ThenBy(r => r.AreaCode, StringComparer.Ordinal).ThenBy(r => r.OrgName)];
    }
}
