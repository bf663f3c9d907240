using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Files;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>A photo or document of a case: the row says what and where; the bytes are a file in the <see cref="FileStore"/>.</summary>
public sealed class CaseAttachment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public required string StoragePath { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public string? UploadedBy { get; init; }
}

sealed class CaseAttachmentConfiguration : IEntityTypeConfiguration<CaseAttachment>
{
    public void Configure(EntityTypeBuilder<CaseAttachment> b)
    {
        b.ToTable("case_attachments");
        b.HasKey(x => x.Id);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.ContentType).HasMaxLength(50);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.StoragePath).HasMaxLength(200);
        b.Property(x => x.UploadedBy).HasMaxLength(256);
        b.HasIndex(x => x.CaseId);
        b.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Upload (10 MB, JPEG/PNG/WebP/PDF by content), list and download attachments, for those who may see the case.</summary>
public static class CaseAttachments
{
    public sealed record View(Guid Id, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, string? UploadedBy, string Url);

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapPost("/{id:guid}/attachments", async Task<Results<Ok<List<View>>, ProblemHttpResult>> (Guid id, IFormFileCollection files, GongzhiDb db,
                FileStore store, TimeProvider clock, Caller caller, HttpContext http, CancellationToken ct) =>
            {
                if (files.Count is 0 or > 10) return Problems.BadRequest(http, "attachment.count");
                var added = new List<View>();
                foreach (var f in files)
                {
                    if (f.Length > FileStore.MaxBytes) return Problems.Of(http, 413, "attachment.size");
                    await using var s = f.OpenReadStream();
                    added.Add(await AddAsync(db, store, clock, caller, id, f.FileName, s, ct));
                }
                return TypedResults.Ok(added);
            })
            .DisableAntiforgery()
            .WithSummary("Attach photos or PDFs (multipart 'files', at most 10, 10 MB each; JPEG, PNG, WebP, PDF by content)");
        cases.MapGet("/{id:guid}/attachments", async Task<Results<Ok<List<View>>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await ListAsync(db, caller, id, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound(http));
        cases.MapGet("/{id:guid}/attachments/{attachmentId:guid}", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (Guid id, Guid attachmentId, GongzhiDb db,
                FileStore store, Caller caller, HttpContext http, CancellationToken ct) =>
            {
                if (!await db.Visible(caller).AnyAsync(c => c.Id == id, ct)) return Problems.NotFound(http);
                var a = await db.Set<CaseAttachment>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == attachmentId && x.CaseId == id, ct);
                if (a is null) return Problems.NotFound(http);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(store.Open(a.StoragePath), a.ContentType, a.FileName);
            })
            .WithSummary("Download an attachment");
    }

    static string Url(Guid caseId, Guid id) => $"/api/cases/{caseId}/attachments/{id}";

    public static async Task<List<View>?> ListAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        if (!await db.Visible(caller).AnyAsync(c => c.Id == id, ct)) return null;
        return [.. (await db.Set<CaseAttachment>().AsNoTracking().Where(a => a.CaseId == id).OrderBy(a => a.UploadedAt).ToListAsync(ct))
            .Select(a => new View(a.Id, a.FileName, a.ContentType, a.Size, a.UploadedAt, a.UploadedBy, Url(id, a.Id)))];
    }

    /// <summary>Anyone who may see the case and works on cases (or reported it) may add to it.</summary>
    public static async Task<View> AddAsync(GongzhiDb db, FileStore store, TimeProvider clock, Caller caller, Guid id, string fileName, Stream content, CancellationToken ct)
    {
        var c = await db.Visible(caller).AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new DomainException("not_found", "No such case") { Status = 404 };
        var mayAdd = c.ReporterUserId == caller.UserId || new[] { Permission.CasesReport, Permission.CasesDispatch, Permission.CasesHandle, Permission.CasesVerify }
            .Any(p => caller.Can(p, c.AreaCode));
        if (!mayAdd) throw new DomainException("forbidden", "Not allowed") { Status = 403 };
        var now = clock.GetUtcNow();
        var stored = await store.SaveAsync(content, now, ct);
        var name = Path.GetFileName(fileName);
        var row = new CaseAttachment
        {
            CaseId = id, FileName = string.IsNullOrWhiteSpace(name) ? "file" : name.Length > 200 ? name[^200..] : name, ContentType = stored.ContentType,
            Size = stored.Size, Sha256 = stored.Sha256, StoragePath = stored.Path, UploadedAt = now, UploadedBy = caller.UserName,
        };
        db.Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch { store.Delete(stored.Path); throw; }
        return new View(row.Id, row.FileName, row.ContentType, row.Size, row.UploadedAt, row.UploadedBy, Url(id, row.Id));
    }
}
