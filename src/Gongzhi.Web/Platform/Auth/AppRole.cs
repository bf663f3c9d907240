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
}

public static class RolePermissions
{
    static readonly Permission[] Staff = [Permission.AreasRead];

    public static IReadOnlyList<Permission> Of(AppRole role) => role switch
    {
        AppRole.DistrictAdmin => [Permission.AreasRead, Permission.AreasManage, Permission.StaffingManage, Permission.UsersManage, Permission.AuditRead],
        AppRole.StreetStaff => [Permission.AreasRead, Permission.StaffingManage],
        AppRole.CommunitySecretary => [Permission.AreasRead, Permission.StaffingManage],
        AppRole.CommunityWorker => Staff,
        AppRole.GridWorker => Staff,
        AppRole.DepartmentStaff => Staff,
        AppRole.PartyMember => [],
        AppRole.Resident => [],
        _ => [],
    };

    public static bool Grants(this AppRole role, Permission permission) => Of(role).Contains(permission);
}
