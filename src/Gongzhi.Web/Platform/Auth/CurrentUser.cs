using System.Security.Claims;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>
/// The principal of the current DI scope: the HTTP request's user, or, for work a Blazor page does in a scope of its
/// own (<see cref="Ui.GongzhiPage.WithDb{T}"/>), the page's user. The audit log reads it to know who changed what.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http)
{
    ClaimsPrincipal? _explicit;

    public ClaimsPrincipal Principal => _explicit ?? http.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public string? Id => Principal.FindFirstValue(ClaimTypes.NameIdentifier);
    public string? Name => Principal.FindFirstValue(ClaimTypes.Name) ?? Principal.Identity?.Name;

    public void Set(ClaimsPrincipal user) => _explicit = user;
}
