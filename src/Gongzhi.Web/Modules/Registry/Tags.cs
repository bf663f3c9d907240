using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// The special-group tags (RG-1: 独居老人, 低保 …) the district configures: add, rename, reorder, remove when unused.
/// A tag's code is what people carry ("|code|" in <see cref="Person.Tags"/>), so it never changes; its names do.
/// </summary>
public static class Tags
{
    public sealed record Create([property: MaxLength(20)] string? Code, [property: Required, MaxLength(20)] string Name, [property: MaxLength(50)] string? NameEn, int Order = 0);
    public sealed record Edit([property: Required, MaxLength(20)] string Name, [property: MaxLength(50)] string? NameEn, int Order = 0);

    /// <summary>Characters a code may not hold: the separators of <see cref="Person.Tags"/> and of the import's 标签 column.</summary>
    static readonly char[] Separators = ['|', '、', ',', '，', ';', '；', ' ', '\t'];

    public static void Map(RouteGroupBuilder registry)
    {
        registry.MapGet("/tags", async (GongzhiDb db, CancellationToken ct) => TypedResults.Ok(await People.TagsAsync(db, ct)))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("The special-group tags (独居老人, 低保 …)");
        registry.MapPost("/tags", async (Create body, GongzhiDb db, CancellationToken ct) =>
            {
                var tag = await CreateAsync(db, body, ct);
                return TypedResults.Created($"/api/registry/tags/{Uri.EscapeDataString(tag.Code)}", tag);
            })
            .RequirePermission(Permission.RegistryConfigure)
            .WithSummary("Add a tag (district admin); 409 when the code exists");
        registry.MapPut("/tags/{code}", async (string code, Edit body, GongzhiDb db, CancellationToken ct) => TypedResults.Ok(await EditAsync(db, code, body, ct)))
            .RequirePermission(Permission.RegistryConfigure)
            .WithSummary("Rename or reorder a tag (its code stays)");
        registry.MapDelete("/tags/{code}", async (string code, GongzhiDb db, CancellationToken ct) =>
            {
                await DeleteAsync(db, code, ct);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.RegistryConfigure)
            .WithSummary("Remove a tag nobody carries; 409 while people carry it");
    }

    public static async Task<RegistryTag> CreateAsync(GongzhiDb db, Create body, CancellationToken ct)
    {
        var name = body.Name.Trim();
        var code = string.IsNullOrWhiteSpace(body.Code) ? name : body.Code.Trim();
        if (name.Length == 0) throw new DomainException("registry.tag.name", "The name is required");
        if (code.Length is 0 or > 20 || code.IndexOfAny(Separators) >= 0) throw new DomainException("registry.tag.code", "A code is 1–20 characters without separators", code);
        if (await db.Set<RegistryTag>().AnyAsync(t => t.Code == code, ct)) throw DomainException.Conflict("registry.tag.exists", "The tag exists", code);
        var tag = new RegistryTag { Code = code, Name = name, NameEn = body.NameEn?.Trim() is { Length: > 0 } en ? en : name, Order = body.Order };
        db.Add(tag);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("registry.tag.exists", "The tag exists", code);
        }
        return tag;
    }

    public static async Task<RegistryTag> EditAsync(GongzhiDb db, string code, Edit body, CancellationToken ct)
    {
        var tag = await db.Set<RegistryTag>().SingleOrDefaultAsync(t => t.Code == code, ct) ?? throw new DomainException("not_found", "No such tag") { Status = 404 };
        var name = body.Name.Trim();
        if (name.Length == 0) throw new DomainException("registry.tag.name", "The name is required");
        (tag.Name, tag.NameEn, tag.Order) = (name, body.NameEn?.Trim() is { Length: > 0 } en ? en : name, body.Order);
        await db.SaveChangesAsync(ct);
        return tag;
    }

    public static async Task DeleteAsync(GongzhiDb db, string code, CancellationToken ct)
    {
        var tag = await db.Set<RegistryTag>().SingleOrDefaultAsync(t => t.Code == code, ct) ?? throw new DomainException("not_found", "No such tag") { Status = 404 };
        var marker = "|" + code + "|";
        var carriers = await db.Set<Person>().CountAsync(p => p.Tags.Contains(marker), ct);
        if (carriers > 0) throw DomainException.Conflict("registry.tag.used", "People carry this tag", carriers);
        db.Remove(tag);
        await db.SaveChangesAsync(ct);
    }
}
