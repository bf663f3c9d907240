using Gongzhi.Web.Platform.Auth;

namespace Gongzhi.Web.Modules.Party;

/// <summary>What can be done to an activity plan (PT-7, 党费使用审批).</summary>
public enum FundAction { Submit = 1, Approve = 2, Reject = 3, Close = 4 }

/// <summary>
/// The rules of activity funds (PT-7, 党费使用审批制). Pure.
/// <list type="bullet">
/// <item>Transitions: Draft —submit→ Submitted —approve→ Approved / —reject→ Rejected; Approved or Rejected —close→ Closed.</item>
/// <item>Who approves: the level above the plan's organisation. A branch's, group's or 两新/驻区 organisation's plan: the
/// writers of its community (<c>area[..12]</c>, the 大党委); a community committee's: the writers of its street
/// (<c>area[..9]</c>, the 党工委); a street working committee's: the district (<c>area[..6]</c>, the district admin).
/// Because the approving area is a strict prefix of the plan's, the writers of the organisation itself (a community
/// secretary for their 大党委) cannot approve its plan; and whoever submitted a plan never approves it.</item>
/// <item>Amounts: more than zero, at most two decimals (fen), at most 10,000,000 yuan. The spends of a plan may not add
/// up to more than its budget.</item>
/// </list>
/// </summary>
public static class FundRules
{
    public const decimal MaxAmount = 10_000_000m;

    static readonly Dictionary<(PlanStatus From, FundAction Action), PlanStatus> Table = new()
    {
        [(PlanStatus.Draft, FundAction.Submit)] = PlanStatus.Submitted,
        [(PlanStatus.Submitted, FundAction.Approve)] = PlanStatus.Approved,
        [(PlanStatus.Submitted, FundAction.Reject)] = PlanStatus.Rejected,
        [(PlanStatus.Approved, FundAction.Close)] = PlanStatus.Closed,
        [(PlanStatus.Rejected, FundAction.Close)] = PlanStatus.Closed,
    };

    /// <summary>The status after <paramref name="action"/>, or null when it is not allowed from <paramref name="from"/>.</summary>
    public static PlanStatus? Next(PlanStatus from, FundAction action) => Table.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>The actions allowed from a status.</summary>
    public static IReadOnlyList<FundAction> Actions(PlanStatus from) => [.. Table.Keys.Where(k => k.From == from).Select(k => k.Action)];

    /// <summary>The area whose writers approve a plan of an organisation of <paramref name="kind"/> at <paramref name="area"/>.</summary>
    public static string ApproverArea(PartyOrgKind kind, string area) => kind switch
    {
        PartyOrgKind.StreetWorkingCommittee => area[..6],
        PartyOrgKind.CommunityCommittee => area[..9],
        _ => area[..12],
    };

    /// <summary>
    /// Null when a user with write scope <paramref name="writeScope"/> (code prefixes) who is <paramref name="userId"/> may
    /// approve or reject a plan of an organisation of <paramref name="kind"/> at <paramref name="area"/> submitted by
    /// <paramref name="submittedBy"/>; otherwise the code: <c>party.funds.approver</c> (their scope does not cover the
    /// approving level — checked first) or <c>party.funds.self</c> (they submitted it).
    /// </summary>
    public static string? CheckApprover(PartyOrgKind kind, string area, IReadOnlyList<string> writeScope, string userId, string? submittedBy)
    {
        if (!writeScope.Covers(ApproverArea(kind, area))) return "party.funds.approver";
        return submittedBy is not null && submittedBy == userId ? "party.funds.self" : null;
    }

    /// <summary>True for an amount above zero, with at most two decimals, not above <see cref="MaxAmount"/>.</summary>
    public static bool ValidAmount(decimal amount) => amount > 0 && amount <= MaxAmount && decimal.Round(amount, 2) == amount;

    /// <summary>True when a spend of <paramref name="amount"/> would take the spent total above the budget.</summary>
    public static bool OverBudget(decimal budget, decimal spent, decimal amount) => spent + amount > budget;
}
