using System.Security.Claims;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gongzhi.UnitTests;

public sealed class RecentBearerTicketsTests
{
    /// <summary>Identity's format stands behind the cache; this one counts how often it had to decrypt.</summary>
    sealed class CountingFormat : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotected;

        public string Protect(AuthenticationTicket data) => "token-" + data.Principal.Identity!.Name;
        public string Protect(AuthenticationTicket data, string? purpose) => Protect(data);
        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotected++;
            if (protectedText is null || !protectedText.StartsWith("token-", StringComparison.Ordinal)) return null;
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, protectedText[6..])], "Identity.Bearer");
            return new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UnixEpoch.AddHours(8) }, "Identity.Bearer");
        }
    }

    readonly CountingFormat _inner = new();
    readonly ChangeBus _bus = new(NullLogger<ChangeBus>.Instance);
    readonly FakeTimeProvider _clock = new();
    RecentBearerTickets Tickets() => new(_inner, _bus, _clock);

    [Fact]
    public void A_token_seen_again_is_not_decrypted_again_and_every_request_gets_its_own_copy()
    {
        var tickets = Tickets();
        var first = tickets.Unprotect("token-admin")!;
        var second = tickets.Unprotect("token-admin")!;
        _inner.Unprotected.Should().Be(1);
        second.Should().NotBeSameAs(first);
        second.Principal.Should().NotBeSameAs(first.Principal);
        second.Principal.Identity!.Name.Should().Be("admin");
        second.Properties.ExpiresUtc.Should().Be(first.Properties.ExpiresUtc, "the handler checks the expiry of the kept ticket too");

        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added", "by one request"));
        tickets.Unprotect("token-admin")!.Principal.HasClaim(c => c.Type == "added").Should().BeFalse("what one request does to its principal reaches no other");
    }

    [Fact]
    public void A_token_that_does_not_decrypt_is_not_kept_and_other_purposes_are_not_cached()
    {
        var tickets = Tickets();
        tickets.Unprotect("garbage").Should().BeNull();
        tickets.Unprotect("garbage").Should().BeNull();
        _inner.Unprotected.Should().Be(2);

        tickets.Unprotect("token-a", "some purpose");
        tickets.Unprotect("token-a", "some purpose");
        _inner.Unprotected.Should().Be(4);
        tickets.Protect(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "b")])), "x")).Should().Be("token-b");
    }

    [Fact]
    public void Kept_tickets_go_after_30_seconds_and_at_once_when_a_user_or_an_assignment_changes()
    {
        var tickets = Tickets();
        tickets.Unprotect("token-admin");
        _clock.Advance(RecentBearerTickets.MaxAge - TimeSpan.FromSeconds(1));
        tickets.Unprotect("token-admin");
        _inner.Unprotected.Should().Be(1);
        _clock.Advance(TimeSpan.FromSeconds(2));
        tickets.Unprotect("token-admin");
        _inner.Unprotected.Should().Be(2);

        _bus.Publish(CallerCache.Changed);
        tickets.Unprotect("token-admin");
        _inner.Unprotected.Should().Be(3);
    }
}
