using System.Security.Cryptography;
using System.Text;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// Personal data at rest (RG-5): ID numbers and phone numbers encrypted, and a keyed hash (HMAC-SHA256) of the ID
/// number for lookup and de-duplication. Envelope encryption: each value is sealed with AES-256-GCM under a random data
/// key, and the data key itself — like the hash key — is stored in the database encrypted by ASP.NET Core Data
/// Protection (whose key ring is in the database too, so every node reads what another wrote). One Data Protection
/// call per value cost 10–15 µs here, which made a bulk import of a million people spend half a minute on encryption;
/// AES-GCM under the unwrapped data key takes well under a microsecond. Values sealed by Data Protection directly (the
/// first registry version) are still read.
/// </summary>
public sealed class PersonalData(IDataProtectionProvider protection, IServiceScopeFactory scopes)
{
    const string HashKeyName = "registry.id-hash-key";
    const string DataKeyName = "registry.data-key.g1";
    /// <summary>The prefix of values sealed with the data key "g1" (a later key would be g2, …, kept beside it), first version: no field bound.</summary>
    const string Sealed = "g1.";
    /// <summary>The prefix of values sealed with the data key "g1" and bound to their field (<see cref="Field"/>).</summary>
    const string SealedForField = "g1f.";
    const string AadBase = "Gongzhi.Registry.PersonalData.g1";
    static readonly byte[] Aad = Encoding.UTF8.GetBytes(AadBase);
    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> FieldAad = new(StringComparer.Ordinal);

    /// <summary>
    /// What a sealed value is. The field is bound into the value's authentication tag (AES-GCM associated data), so a
    /// ciphertext copied into another column (a phone into the ID number's, say) does not open there. Values move between
    /// rows of the same field (a merge keeps the ID number of the record merged away), so the row is not bound.
    /// </summary>
    public static class Field
    {
        public const string PersonIdNumber = "person.idNumber";
        public const string PersonPhone = "person.phone";
        public const string OrganisationContactPhone = "organisation.contactPhone";
        public const string PartyMemberPhone = "partyMember.phone";
    }

    static byte[] AadOf(string field) => FieldAad.GetOrAdd(field, f => Encoding.UTF8.GetBytes(AadBase + "|" + f));
    readonly IDataProtector _protector = protection.CreateProtector("Gongzhi.Registry.PersonalData.v1");
    readonly SemaphoreSlim _gate = new(1, 1);
    byte[]? _hashKey;
    byte[]? _dataKey;
    ThreadLocal<AesGcm>? _aes;

    /// <summary>Loads both keys (made on first use); call before <see cref="Protect"/> in async code.</summary>
    public async ValueTask ReadyAsync(CancellationToken ct)
    {
        await HashKeyAsync(ct);
        if (_dataKey is null) await DataKeyAsync(ct);
    }

    /// <summary>Seals a value of <paramref name="field"/> (<see cref="Field"/>): "g1f." + base64(nonce | tag | ciphertext).</summary>
    public string Protect(string plain, string field)
    {
        var aes = (_aes ?? Keys()).Value!;
        var text = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[12 + 16 + text.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        aes.Encrypt(nonce, text, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), AadOf(field));
        return SealedForField + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>
    /// Opens a value sealed for <paramref name="field"/>; values of the earlier versions (sealed without the field, or by
    /// Data Protection itself) still open. A value of another field throws (its tag does not match).
    /// </summary>
    public string Unprotect(string cipher, string field)
    {
        var (prefix, aad) = cipher.StartsWith(SealedForField, StringComparison.Ordinal) ? (SealedForField, AadOf(field))
            : cipher.StartsWith(Sealed, StringComparison.Ordinal) ? (Sealed, Aad)
            : (null, null);
        if (prefix is null) return _protector.Unprotect(cipher); // sealed by Data Protection itself
        var bytes = Convert.FromBase64String(cipher[prefix.Length..]);
        var plain = new byte[bytes.Length - 28];
        (_aes ?? Keys()).Value!.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain, aad);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The AES-GCM instances (one per thread: an instance is not safe for concurrent use), loading the data key on first use.</summary>
    ThreadLocal<AesGcm> Keys()
    {
        // Synchronous only when a caller skipped ReadyAsync: one wait, once per process.
        var key = _dataKey ?? Task.Run(() => DataKeyAsync(CancellationToken.None).AsTask()).GetAwaiter().GetResult(); // off any synchronisation context
        var aes = new ThreadLocal<AesGcm>(() => new AesGcm(key, 16));
        return Interlocked.CompareExchange(ref _aes, aes, null) ?? aes;
    }

    async ValueTask<byte[]> DataKeyAsync(CancellationToken ct) => _dataKey ??= await LoadKeyAsync(DataKeyName, ct);

    /// <summary>Hex HMAC-SHA256 of the normalised ID number: equal numbers give equal hashes, the number cannot be read back.</summary>
    public async Task<string> HashAsync(string idNumber, CancellationToken ct) => Hash(await HashKeyAsync(ct), IdNumber.Normalise(idNumber));

    /// <summary>The hash key, for hashing many numbers in a row (bulk import) with <see cref="Hash"/>.</summary>
    public async ValueTask<byte[]> HashKeyAsync(CancellationToken ct) => _hashKey ??= await LoadKeyAsync(HashKeyName, ct);

    /// <summary>Hex HMAC-SHA256 of an already normalised ID number under <paramref name="key"/>.</summary>
    public static string Hash(byte[] key, string normalised)
    {
        Span<byte> text = Encoding.UTF8.GetMaxByteCount(normalised.Length) <= 64 ? stackalloc byte[64] : new byte[Encoding.UTF8.GetMaxByteCount(normalised.Length)];
        var n = Encoding.UTF8.GetBytes(normalised, text);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, text[..n], mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>A 32-byte secret of <c>registry_secrets</c> (encrypted there by Data Protection), made on first use.</summary>
    async Task<byte[]> LoadKeyAsync(string name, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GongzhiDb>();
            for (var attempt = 0; ; attempt++)
            {
                if (await db.Set<RegistrySecret>().AsNoTracking().SingleOrDefaultAsync(s => s.Name == name, ct) is { } stored)
                    return Convert.FromBase64String(_protector.Unprotect(stored.Protected));
                db.Add(new RegistrySecret { Name = name, Protected = _protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))) });
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
