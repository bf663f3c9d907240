using Microsoft.AspNetCore.Authentication;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>
/// The API's bearer-token format (Identity's, wrapped) with the tickets of recently seen tokens kept, so a client sending
/// the same token on every request does not pay a decryption and deserialisation each time (perf: 4–5 % of an
/// intake's CPU). Only what the token says is kept; the handler still checks each request's ticket against its expiry,
/// and who the caller is and may do comes from <see cref="CallerCache"/> as before. An entry lives at most
/// <see cref="MaxAge"/> and goes, with every other, when a user or an assignment changes (<see cref="CallerCache.Changed"/>).
/// Each request gets its own copy of the ticket, so nothing a request does to its principal reaches another.
/// Tokens that do not decrypt are not kept. Refresh tokens are not affected.
/// </summary>
public sealed class RecentBearerTickets(ISecureDataFormat<AuthenticationTicket> inner, Realtime.ChangeBus bus, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    readonly Realtime.Cached<string, AuthenticationTicket?> _tickets = new(bus, clock, CallerCache.Changed, MaxAge, comparer: StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) =>
        protectedText is null || purpose is not null
            ? inner.Unprotect(protectedText, purpose)
            : _tickets.Get(protectedText, (inner, protectedText), static s => s.inner.Unprotect(s.protectedText))?.Clone();
}
