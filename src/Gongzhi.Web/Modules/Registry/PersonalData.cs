using System.Security.Cryptography;
using System.Text;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// Personal data at rest (RG-5): ID numbers and phone numbers encrypted with ASP.NET Core Data Protection (its keys are
/// kept in the database, so every node reads what another wrote), and a keyed hash (HMAC-SHA256) of the ID number for
/// lookup and de-duplication. The hash key is random, made once, and stored in the database encrypted by Data Protection.
/// </summary>
public sealed class PersonalData(IDataProtectionProvider protection, IServiceScopeFactory scopes)
{
    const string HashKeyName = "registry.id-hash-key";
    readonly IDataProtector _protector = protection.CreateProtector("Gongzhi.Registry.PersonalData.v1");
    readonly SemaphoreSlim _gate = new(1, 1);
    byte[]? _hashKey;

    public string Protect(string plain) => _protector.Protect(plain);

    public string Unprotect(string cipher) => _protector.Unprotect(cipher);

    /// <summary>Hex HMAC-SHA256 of the normalised ID number: equal numbers give equal hashes, the number cannot be read back.</summary>
    public async Task<string> HashAsync(string idNumber, CancellationToken ct) => Hash(await HashKeyAsync(ct), IdNumber.Normalise(idNumber));

    /// <summary>The hash key, for hashing many numbers in a row (bulk import) with <see cref="Hash"/>.</summary>
    public async ValueTask<byte[]> HashKeyAsync(CancellationToken ct) => _hashKey ?? await LoadKeyAsync(ct);

    /// <summary>Hex HMAC-SHA256 of an already normalised ID number under <paramref name="key"/>.</summary>
    public static string Hash(byte[] key, string normalised)
    {
        Span<byte> text = stackalloc byte[32];
        var n = Encoding.UTF8.GetBytes(normalised, text);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, text[..n], mac);
        return Convert.ToHexStringLower(mac);
    }

    async Task<byte[]> LoadKeyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_hashKey is { } ready) return ready;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            for (var attempt = 0; ; attempt++)
            {
                if (await db.Set<RegistrySecret>().AsNoTracking().SingleOrDefaultAsync(s => s.Name == HashKeyName, ct) is { } stored)
                    return _hashKey = Convert.FromBase64String(_protector.Unprotect(stored.Protected));
                db.Add(new RegistrySecret { Name = HashKeyName, Protected = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))) });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException) when (attempt == 0)
                {
                    db.ChangeTracker.Clear(); // another node made it first: read theirs
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A secret of the registry, encrypted by Data Protection.</summary>
public sealed class RegistrySecret : INotAudited
{
    public required string Name { get; init; }
    public required string Protected { get; init; }
}

sealed class RegistrySecretConfiguration : IEntityTypeConfiguration<RegistrySecret>
{
    public void Configure(EntityTypeBuilder<RegistrySecret> b)
    {
        b.ToTable("registry_secrets");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
    }
}
