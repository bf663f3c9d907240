using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Gongzhi.Web.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>
/// A long-lived token for a system (12345 exchange, an Open311 client) acting as <see cref="UserId"/> with that user's
/// assignments. Only a SHA-256 hash is stored; the token itself is shown once when it is created.
/// </summary>
public sealed class ApiToken
{
    public const string Prefix = "gz_";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserId { get; init; }
    public required string Name { get; set; }
    public required string TokenHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }

    public static (string Token, string Hash) NewToken()
    {
        var token = Prefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Authenticates <c>Authorization: Bearer gz_…</c> or <c>X-Api-Key: gz_…</c> against stored token hashes.</summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, GongzhiDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    public static string? TokenOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var key) && key.ToString().StartsWith(ApiToken.Prefix, StringComparison.Ordinal))
            return key.ToString();
        var auth = request.Headers.Authorization.ToString();
        return auth.StartsWith("Bearer " + ApiToken.Prefix, StringComparison.Ordinal) ? auth["Bearer ".Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Request);
        if (token is null) return AuthenticateResult.NoResult();
        var hash = ApiToken.Hash(token);
        var row = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Join(db.Users.Where(u => !u.Disabled), t => t.UserId, u => u.Id, (t, u) => new { u.Id, u.UserName, t.Name })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (row is null) return AuthenticateResult.Fail("Unknown or revoked API token");
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, row.Id), new Claim(ClaimTypes.Name, row.UserName ?? ""), new Claim("gz:token", row.Name)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
