using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Http;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>The states of a case, following the GB/T 30428 flow.</summary>
public enum CaseState
{
    /// <summary>信息收集: reported, not yet accepted.</summary>
    Reported = 1,
    /// <summary>立案: accepted as a case.</summary>
    Registered = 2,
    /// <summary>派遣 (吹哨): sent to the responsible department.</summary>
    Dispatched = 3,
    /// <summary>报到: the department has taken it.</summary>
    CheckedIn = 4,
    /// <summary>处置 + 反馈: the department reports it handled.</summary>
    Handled = 5,
    /// <summary>核查通过, 结案.</summary>
    Closed = 6,
    /// <summary>评价: the reporter rated it.</summary>
    Evaluated = 7,
    /// <summary>不予立案: invalid or duplicate.</summary>
    Rejected = 8,
    /// <summary>Merged into another case that carries on.</summary>
    Merged = 9,
}

/// <summary>What people do to a case.</summary>
public enum CaseAction
{
    Accept = 1,
    Reject = 2,
    Dispatch = 3,
    Return = 4,
    Reassign = 5,
    CheckIn = 6,
    Handle = 7,
    Verify = 8,
    Rework = 9,
    Evaluate = 10,
    Merge = 11,
    RequestPostpone = 12,
    ApprovePostpone = 13,
}

/// <summary>The whole loop in one place: every legal (state, action) pair and who may do it.</summary>
public static class CaseWorkflow
{
    public static CaseState Next(CaseState state, CaseAction action) => (state, action) switch
    {
        (CaseState.Reported, CaseAction.Accept) => CaseState.Registered,
        (CaseState.Reported, CaseAction.Reject) => CaseState.Rejected,
        (CaseState.Reported, CaseAction.Merge) => CaseState.Merged,
        (CaseState.Registered, CaseAction.Dispatch) => CaseState.Dispatched,
        (CaseState.Registered, CaseAction.Reject) => CaseState.Rejected,
        (CaseState.Registered, CaseAction.Merge) => CaseState.Merged,
        (CaseState.Dispatched, CaseAction.CheckIn) => CaseState.CheckedIn,
        (CaseState.Dispatched, CaseAction.Return) => CaseState.Registered,
        (CaseState.Dispatched, CaseAction.Reassign) => CaseState.Dispatched,
        (CaseState.CheckedIn, CaseAction.Handle) => CaseState.Handled,
        (CaseState.CheckedIn, CaseAction.Return) => CaseState.Registered,
        (CaseState.CheckedIn, CaseAction.Reassign) => CaseState.Dispatched,
        (CaseState.CheckedIn, CaseAction.RequestPostpone) => CaseState.CheckedIn,
        (CaseState.CheckedIn, CaseAction.ApprovePostpone) => CaseState.CheckedIn,
        (CaseState.Handled, CaseAction.Verify) => CaseState.Closed,
        (CaseState.Handled, CaseAction.Rework) => CaseState.CheckedIn,
        (CaseState.Closed, CaseAction.Evaluate) => CaseState.Evaluated,
        _ => throw DomainException.Conflict("case.transition", $"{action} is not allowed when the case is {state}", action, state),
    };

    public static bool Allows(CaseState state, CaseAction action)
    {
        try { Next(state, action); return true; }
        catch (DomainException) { return false; }
    }

    /// <summary>The permission an action needs in the case's area.</summary>
    public static Permission PermissionFor(CaseAction action) => action switch
    {
        CaseAction.Accept or CaseAction.Reject or CaseAction.Dispatch or CaseAction.Reassign or CaseAction.Merge or CaseAction.ApprovePostpone => Permission.CasesDispatch,
        CaseAction.CheckIn or CaseAction.Handle or CaseAction.Return or CaseAction.RequestPostpone => Permission.CasesHandle,
        CaseAction.Verify or CaseAction.Rework => Permission.CasesVerify,
        CaseAction.Evaluate => Permission.CasesReport,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Actions that must say why.</summary>
    public static bool NeedsReason(CaseAction action) =>
        action is CaseAction.Reject or CaseAction.Return or CaseAction.Rework or CaseAction.RequestPostpone or CaseAction.Reassign;

    public static bool IsOpen(CaseState state) => state is not (CaseState.Closed or CaseState.Evaluated or CaseState.Rejected or CaseState.Merged);
}
