using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>A person or a system that signs in. What they may do comes from their <see cref="RoleAssignment"/>s.</summary>
public sealed class User : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public bool Disabled { get; set; }
    /// <summary>The functional department (职能部门) a department staff member works for, e.g. 城管局.</summary>
    public string? Department { get; set; }
}
