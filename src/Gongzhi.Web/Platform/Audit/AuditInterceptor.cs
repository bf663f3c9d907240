using System.Text.Json;
using Gongzhi.Web.Platform.Auth;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Gongzhi.Web.Platform.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every added, changed or deleted row in the same SaveChanges (so the log and
/// the change commit together). Secrets (password hashes, security stamps, token hashes, keys) are never copied;
/// a property marked <see cref="AuditMaskAttribute"/> is masked.
/// </summary>
public sealed class AuditInterceptor(CurrentUser user, TimeProvider clock) : SaveChangesInterceptor
{
    static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
    {
        nameof(IdentityUser.PasswordHash), nameof(IdentityUser.SecurityStamp), nameof(IdentityUser.ConcurrencyStamp),
        nameof(ApiToken.TokenHash), "Xml", "Value",
    };

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Set while the demo is seeded: one summary row stands for the thousands of generated rows.</summary>
    public bool Paused { get; set; }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Append(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Append(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void Append(DbContext? db)
    {
        if (db is null || Paused) return;
        var now = clock.GetUtcNow();
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Where(e => IsAudited(e.Entity))
            .ToList();
        foreach (var e in entries)
        {
            var action = e.State switch
            {
                EntityState.Added => AuditAction.Create,
                EntityState.Deleted => AuditAction.Delete,
                _ => AuditAction.Update,
            };
            var changed = e.Properties.Where(p => action != AuditAction.Update || p.IsModified).ToList();
            if (action == AuditAction.Update && changed.All(p => Secret.Contains(p.Metadata.Name))) continue; // e.g. a sign-in stamp
            db.Add(new AuditEntry
            {
                At = now,
                UserId = user.Id,
                UserName = user.Name,
                Action = action,
                EntityType = e.Metadata.ClrType.Name,
                EntityId = KeyOf(e.Metadata, p => e.Property(p.Name).CurrentValue),
                AreaCode = (e.Entity as IAreaOwned)?.AreaCode ?? "",
                Before = action == AuditAction.Create ? null : Json(changed.Select(p => ((IPropertyBase)p.Metadata, p.OriginalValue))),
                After = action == AuditAction.Delete ? null : Json(changed.Select(p => ((IPropertyBase)p.Metadata, p.CurrentValue))),
            });
        }
    }

    /// <summary>Whether a change to this row is logged: not the log itself, derived rows, keys, tokens or notifications.</summary>
    public static bool IsAudited(object entity) =>
        entity is not AuditEntry and not INotAudited and not DataProtectionKey and not IdentityUserToken<string> and not IdentityUserLogin<string>
            and not Notify.Notification and not Notify.NotificationRead;

    /// <summary>
    /// The row <see cref="Append"/> writes for an added entity, for rows written without the change tracker
    /// (<see cref="Data.PostgresRows"/>); null when the entity is not audited.
    /// </summary>
    public static AuditEntry? ForNew(IEntityType type, object entity, DateTimeOffset now, string? userId, string? userName) =>
        !IsAudited(entity) ? null : new AuditEntry
        {
            At = now,
            UserId = userId,
            UserName = userName,
            Action = AuditAction.Create,
            EntityType = type.ClrType.Name,
            EntityId = KeyOf(type, p => p.GetGetter().GetClrValueUsingContainingEntity(entity)),
            AreaCode = (entity as IAreaOwned)?.AreaCode ?? "",
            After = Json(type.GetProperties().Select(p => ((IPropertyBase)p, p.GetGetter().GetClrValueUsingContainingEntity(entity)))),
        };

    static string KeyOf(IEntityType type, Func<IProperty, object?> value) =>
        string.Join("/", type.FindPrimaryKey()?.Properties.Select(p => value(p)?.ToString()) ?? []);

    /// <summary>Whether a property is <see cref="AuditSkipAttribute"/> or <see cref="AuditMaskAttribute"/>, read once per property (reflection on every audited value was a measurable part of an intake).</summary>
    static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IPropertyBase, (bool Skip, bool Mask)> Marks = new();

    /// <summary>
    /// The values as one JSON object, names in ordinal order. Written value by value (the common types directly, others
    /// by the serializer with the same options): serializing a dictionary of objects resolved a converter per value and
    /// was a measurable part of an intake.
    /// </summary>
    static string Json(IEnumerable<(IPropertyBase Property, object? Value)> values)
    {
        var kept = new List<(string Name, object? Value)>(48);
        foreach (var (p, v) in values)
        {
            if (Secret.Contains(p.Name)) continue;
            var (skip, isMasked) = Marks.GetOrAdd(p, static m => (
                m.PropertyInfo?.IsDefined(typeof(AuditSkipAttribute), true) == true,
                m.PropertyInfo?.IsDefined(typeof(AuditMaskAttribute), true) == true));
            if (skip) continue;
            kept.Add((p.Name, isMasked && v is string s ? Masking.Mask(s) : v));
        }
        kept.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = Writer(buffer))
        {
            w.WriteStartObject();
            foreach (var (name, v) in kept)
            {
                w.WritePropertyName(name);
                WriteValue(w, v);
            }
            w.WriteEndObject();
        }
        var json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        return json.Length > 8000 ? json[..8000] + "…" : json;
    }

    /// <summary>One value as <see cref="JsonSerializer"/> with the audit's options writes it; the common types directly (AuditJsonTests).</summary>
    internal static void WriteValue(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case string text: w.WriteStringValue(text); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d: w.WriteNumberValue(d); break;
            case Guid g: w.WriteStringValue(g); break;
            case DateTimeOffset d: w.WriteStringValue(d); break;
            case Enum e when Enum.IsDefined(e.GetType(), e): w.WriteStringValue(e.ToString()); break; // JsonStringEnumConverter's name
            default: JsonSerializer.Serialize(w, v, v.GetType(), JsonOptions); break;
        }
    }

    /// <summary>The serializer's own output for <paramref name="v"/> (what <see cref="WriteValue"/> must match).</summary>
    internal static string SerializedByOptions(object? v) => JsonSerializer.Serialize(v, v?.GetType() ?? typeof(object), JsonOptions);

    /// <summary>A writer with the audit's encoder.</summary>
    internal static Utf8JsonWriter Writer(System.Buffers.IBufferWriter<byte> buffer) => new(buffer, new JsonWriterOptions { Encoder = JsonOptions.Encoder });
}

/// <summary>Rows derived from audited rows in the same change (counters, rollups): auditing them again adds nothing.</summary>
public interface INotAudited;

/// <summary>Marks a property the audit log leaves out (ciphertext and keyed hashes of personal data: the masked copy is audited).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditSkipAttribute : Attribute;

/// <summary>Marks a property whose value the audit log keeps only masked (phone numbers, ID numbers).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AuditMaskAttribute : Attribute;

/// <summary>Masks personal data for lists and logs: keeps the first 3 and last 4 characters of long values.</summary>
/// <summary>
/// Masked copies of personal numbers: mobiles and ID numbers (11 characters or more) keep the first 3 and last 4
/// (<c>139****5678</c>); shorter numbers (landlines, extensions) keep at most the last 4 and never more than half
/// (<c>****5678</c>), so an 8-digit landline does not show 7 of its 8 digits.
/// </summary>
public static class Masking
{
    public static string Mask(string value) => value.Length switch
    {
        <= 2 => new string('*', value.Length),
        < 11 => new string('*', value.Length - Math.Min(4, value.Length / 2)) + value[^Math.Min(4, value.Length / 2)..],
        _ => value[..3] + new string('*', value.Length - 7) + value[^4..],
    };
}
