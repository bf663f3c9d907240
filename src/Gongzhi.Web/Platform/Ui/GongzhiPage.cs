using System.Security.Claims;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Gongzhi.Web.Platform.Ui;

/// <summary>
/// Base of the staff pages. Loads the <see cref="Caller"/> (who, which roles, which areas) on the server, and runs
/// database work in a DI scope of its own per operation (a Blazor circuit lives long; a DbContext should not),
/// with the page's user set so that the audit log knows who made the change.
/// </summary>
public abstract class GongzhiPage : ComponentBase
{
    [CascadingParameter] Task<AuthenticationState>? AuthState { get; set; }
    [Inject] protected IServiceScopeFactory Scopes { get; set; } = default!;
    [Inject] protected IStringLocalizer<Strings> Localizer { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] protected NavigationManager Nav { get; set; } = default!;

    protected Caller Caller { get; private set; } = Caller.Anonymous;
    ClaimsPrincipal _principal = new();

    /// <summary>The permission the page needs somewhere in the caller's scope; null for any signed-in user.</summary>
    protected virtual Permission? Requires => null;

    protected bool Allowed => Caller.IsAuthenticated && (Requires is not { } p || Caller.CanAnywhere(p));

    protected override async Task OnInitializedAsync()
    {
        _principal = AuthState is null ? new() : (await AuthState).User;
        Caller = await WithDb(db => Caller.LoadAsync(_principal, db));
        if (Allowed) await LoadAsync();
    }

    /// <summary>The page's own loading, run only when the caller is allowed to see it.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    protected Task<T> WithDb<T>(Func<GongzhiDb, Task<T>> work) => WithScope(sp => work(sp.GetRequiredService<GongzhiDb>()));

    /// <summary>Work that needs more of the operation's scope than its <see cref="GongzhiDb"/> (e.g. the audit interceptor).</summary>
    protected async Task<T> WithScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(_principal);
        return await work(scope.ServiceProvider);
    }

    protected Task WithDb(Func<GongzhiDb, Task> work) => WithDb(async db => { await work(db); return true; });

    /// <summary>The message of the last change <see cref="TryChange"/> refused (null after one that worked), for pages
    /// that show it next to the form as well (on a phone a snackbar is easily missed).</summary>
    protected string? LastError { get; private set; }

    /// <summary>Runs a change; a broken rule becomes a readable message instead of an error page.</summary>
    protected Task<bool> TryChange(Func<GongzhiDb, Task> work, string? successKey = null) =>
        TryChangeInScope(sp => work(sp.GetRequiredService<GongzhiDb>()), successKey);

    /// <summary><see cref="TryChange"/> for work that needs more of the operation's scope than its <see cref="GongzhiDb"/>.</summary>
    protected async Task<bool> TryChangeInScope(Func<IServiceProvider, Task> work, string? successKey = null)
    {
        try
        {
            await WithScope(async sp => { await work(sp); return true; });
            LastError = null;
            if (successKey is not null) Snackbar.Add(Localizer[successKey], Severity.Success);
            return true;
        }
        catch (DomainException e)
        {
            var text = Localizer["error." + e.Code, Problems.LocaliseArgs(Localizer, e.Args)];
            LastError = text.ResourceNotFound ? e.Message : text.Value;
            Snackbar.Add(LastError, Severity.Error);
            return false;
        }
    }

    protected string T(string key, params object[] args) => Localizer[key, args];

    /// <summary>
    /// Checks a request record's DataAnnotations, as the API does for the same record; on failure shows which fields
    /// are wrong and returns false.
    /// </summary>
    protected bool Valid(object request)
    {
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (System.ComponentModel.DataAnnotations.Validator.TryValidateObject(request, new(request), errors, validateAllProperties: true)) return true;
        var fields = errors.SelectMany(e => e.MemberNames).Distinct().Select(f => Localizer["field." + f] is { ResourceNotFound: false } s ? s.Value : f);
        Snackbar.Add(Localizer["error.validation"] + " " + string.Join("，", fields), Severity.Error);
        return false;
    }
}
