namespace Gongzhi.Web.Platform.Auth;

/// <summary>The roles of the product map. A user holds one or more (role, area code) assignments.</summary>
public enum AppRole
{
    DistrictAdmin = 1,
    StreetStaff = 2,
    CommunitySecretary = 3,
    CommunityWorker = 4,
    GridWorker = 5,
    DepartmentStaff = 6,
    PartyMember = 7,
    Resident = 8,
}

/// <summary>What a role may do; the area it may do it in is the code prefix of the assignment.</summary>
public enum Permission
{
    AreasRead,
    AreasManage,
    StaffingManage,
    UsersManage,
    AuditRead,
    /// <summary>See cases of the area (department staff: only those dispatched to their department).</summary>
    CasesRead,
    /// <summary>Report a case.</summary>
    CasesReport,
    /// <summary>Dispatch centre work: accept, reject, dispatch (吹哨), reassign, merge, approve postponement.</summary>
    CasesDispatch,
    /// <summary>A department's work: check in (报到), handle, return, ask for postponement.</summary>
    CasesHandle,
    /// <summary>Verify a handled case (核查) or send it back for rework.</summary>
    CasesVerify,
    /// <summary>Edit disposal models.</summary>
    ModelsManage,
    /// <summary>See people and households of the area, personal data masked.</summary>
    RegistryRead,
    /// <summary>Add and change people and households.</summary>
    RegistryWrite,
    /// <summary>See a full ID number or phone, for a stated reason (audited).</summary>
    RegistryUnmask,
    /// <summary>Edit the registry's special-group tags (the district's list).</summary>
    RegistryConfigure,
    /// <summary>See the party organisations, members, meetings and coverage of the area (PT-1, PT-2, PT-5).</summary>
    PartyRead,
    /// <summary>Build the party organisation tree, keep members, plan and record meetings, record dues.</summary>
    PartyWrite,
    /// <summary>A party member sees their own record and contact card (the area is their community).</summary>
    PartySelf,
}

public static class RolePermissions
{
    static readonly Permission[] Community = [Permission.AreasRead, Permission.CasesRead, Permission.CasesReport, Permission.CasesVerify,
        Permission.RegistryRead, Permission.RegistryWrite];

    public static IReadOnlyList<Permission> Of(AppRole role) => role switch
    {
        AppRole.DistrictAdmin => [Permission.AreasRead, Permission.AreasManage, Permission.StaffingManage, Permission.UsersManage, Permission.AuditRead,
            Permission.CasesRead, Permission.CasesReport, Permission.CasesDispatch, Permission.CasesVerify, Permission.ModelsManage,
            Permission.RegistryRead, Permission.RegistryWrite, Permission.RegistryUnmask, Permission.RegistryConfigure, Permission.PartyRead, Permission.PartyWrite],
        AppRole.StreetStaff => [Permission.AreasRead, Permission.StaffingManage, Permission.CasesRead, Permission.CasesReport, Permission.CasesDispatch, Permission.CasesVerify,
            Permission.RegistryRead, Permission.RegistryWrite, Permission.PartyRead, Permission.PartyWrite],
        AppRole.CommunitySecretary => [.. Community, Permission.StaffingManage, Permission.RegistryUnmask, Permission.PartyRead, Permission.PartyWrite],
        AppRole.CommunityWorker => Community,
        AppRole.GridWorker => Community,
        AppRole.DepartmentStaff => [Permission.AreasRead, Permission.CasesRead, Permission.CasesHandle],
        AppRole.PartyMember => [Permission.CasesReport, Permission.PartySelf],
        AppRole.Resident => [Permission.CasesReport],
        _ => [],
    };

    public static bool Grants(this AppRole role, Permission permission) => Of(role).Contains(permission);
}
