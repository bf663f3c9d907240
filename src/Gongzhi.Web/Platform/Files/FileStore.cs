using System.Security.Cryptography;
using Gongzhi.Web.Platform.Http;

namespace Gongzhi.Web.Platform.Files;

/// <summary>
/// Uploaded files on disk (<c>Files:Root</c>, default <c>App_Data/files</c>), never in database rows. A file is
/// accepted only if its content is one of the allowed kinds — its name and declared type are not trusted.
/// </summary>
public sealed class FileStore(IConfiguration config, IHostEnvironment env)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    readonly string _root = Path.GetFullPath(config["Files:Root"] is { Length: > 0 } r ? r : Path.Combine(env.ContentRootPath, "App_Data", "files"));

    public sealed record Stored(string Path, string ContentType, long Size, string Sha256);

    /// <summary>The content type from the first bytes: JPEG, PNG, WebP or PDF; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', ..] => "application/pdf",
        _ => null,
    };

    /// <summary>Checks and writes a file; throws a 400/413 problem for a wrong kind or size, writing nothing.</summary>
    public async Task<Stored> SaveAsync(Stream content, DateTimeOffset now, CancellationToken ct)
    {
        var head = new byte[16];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        var type = Sniff(head.AsSpan(0, read)) ?? throw new DomainException("attachment.type", "Only JPEG, PNG, WebP and PDF files are accepted") { Status = 400 };
        var relative = Path.Combine(now.ToString("yyyy"), now.ToString("MM"), Guid.CreateVersion7().ToString("N"));
        var full = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using var file = new FileStream(full, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            var buffer = new byte[81920];
            async Task Write(ReadOnlyMemory<byte> chunk)
            {
                size += chunk.Length;
                if (size > MaxBytes) throw new DomainException("attachment.size", "A file may be 10 MB at most") { Status = 413 };
                sha.AppendData(chunk.Span);
                await file.WriteAsync(chunk, ct);
            }
            await Write(head.AsMemory(0, read));
            for (int n; (n = await content.ReadAsync(buffer, ct)) > 0;) await Write(buffer.AsMemory(0, n));
        }
        catch
        {
            File.Delete(full);
            throw;
        }
        return new Stored(relative.Replace('\\', '/'), type, size, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Creates a file the application writes itself (an import's rejected-rows sheet) under <c>generated/</c>; not sniffed.</summary>
    public FileStream CreateGenerated(string relative)
    {
        var full = Inside(Path.Combine("generated", relative));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 65536);
    }

    /// <summary>A file written by <see cref="CreateGenerated"/>, or null when there is none.</summary>
    public Stream? OpenGenerated(string relative)
    {
        var full = Inside(Path.Combine("generated", relative));
        return File.Exists(full) ? File.OpenRead(full) : null;
    }

    /// <summary>Removes a file written by <see cref="CreateGenerated"/> (nothing when it is not there).</summary>
    public void DeleteGenerated(string relative) => File.Delete(Inside(Path.Combine("generated", relative)));

    /// <summary>Removes the generated files of a folder last written more than <paramref name="age"/> ago.</summary>
    public void DeleteGeneratedOlderThan(string relativeFolder, TimeSpan age)
    {
        var folder = Inside(Path.Combine("generated", relativeFolder));
        if (!Directory.Exists(folder)) return;
        foreach (var f in new DirectoryInfo(folder).EnumerateFiles())
            if (DateTime.UtcNow - f.LastWriteTimeUtc > age)
                try { f.Delete(); } catch (IOException) { } // in use: the next round takes it
    }

    string Inside(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(_root, relative));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new UnauthorizedAccessException("Outside the file store");
        return full;
    }

    public Stream Open(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root, StringComparison.Ordinal)) throw new UnauthorizedAccessException("Outside the file store");
        return File.OpenRead(full);
    }

    public void Delete(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        if (full.StartsWith(_root, StringComparison.Ordinal)) File.Delete(full);
    }
}
