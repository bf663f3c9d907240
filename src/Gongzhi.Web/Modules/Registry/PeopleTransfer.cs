using System.Globalization;
using CsvHelper;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Files;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Ui;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using IConfiguration = Microsoft.Extensions.Configuration.IConfiguration;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>The HTTP side of bulk transfer (RG-4): import people from CSV/Excel, the template, the rejected-rows sheet, and a masked export.</summary>
public static class PeopleTransfer
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A valid example row for the template (the ID number is the example of GB 11643-1999).</summary>
    static readonly string[] Example = ["张三", "11010519491231002X", "", "", "13912345678", "320105001001001001", "101", "是", "凤栖苑1幢101室", "户籍", "群众", "独居老人"];

    /// <summary>The people template as one of the registers (the same writer makes every template).</summary>
    static readonly RegistryImports.Register PeopleRegister = new("people", "人口", PeopleImport.Columns, 2, Example);

    public static void Map(RouteGroupBuilder registry)
    {
        registry.MapPost("/import/people", async Task<Results<Ok<PeopleImport.Result>, ProblemHttpResult>> (HttpContext http, GongzhiDb db, AuditInterceptor audit, PersonalData pd,
                FileStore files, TimeProvider clock, Caller caller, IStringLocalizer<Strings> l, IConfiguration config, ILoggerFactory logs, CancellationToken ct) =>
            {
                var max = config.GetValue<long?>("Registry:ImportMaxBytes") ?? 512L * 1024 * 1024;
                var log = logs.CreateLogger(typeof(PeopleImport));
                if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max;
                if (http.Request.HasFormContentType)
                {
                    IFormCollection form;
                    try
                    {
                        form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max }, ct);
                    }
                    catch (InvalidDataException)
                    {
                        return Problems.BadRequest(http, "bad_request"); // a malformed multipart body
                    }
                    if ((form.Files.GetFile("file") ?? form.Files.FirstOrDefault()) is not { } file) return Problems.BadRequest(http, "import.file");
                    await using var stream = file.OpenReadStream();
                    return TypedResults.Ok(await PeopleImport.ImportAsync(db, audit, pd, files, clock, caller, l, log, stream, file.FileName, ct));
                }
                // A raw body (text/csv or the Excel type): kept in a temporary file, since the import reads it twice.
                var name = http.Request.ContentType?.StartsWith(Xlsx, StringComparison.OrdinalIgnoreCase) == true ? "upload.xlsx"
                    : http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true ? "upload.csv"
                    : throw new DomainException("import.format", "Upload a .csv or .xlsx file", http.Request.ContentType ?? "") { Status = 415 };
                await using var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                await http.Request.Body.CopyToAsync(temp, ct);
                temp.Position = 0;
                return TypedResults.Ok(await PeopleImport.ImportAsync(db, audit, pd, files, clock, caller, l, log, temp, name, ct));
            })
            .DisableAntiforgery()
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Import people and their households from CSV or Excel (multipart 'file', or a text/csv or .xlsx body): every row is checked first; " +
                         "all rows are written in one transaction or none, and the rejected rows come back with their reasons and a sheet to download");
        registry.MapGet("/import/rejected/{id:guid}", Results<FileStreamHttpResult, ProblemHttpResult> (Guid id, FileStore files, Caller caller, HttpContext http) =>
                files.OpenGenerated(PeopleImport.RejectedPath(caller, id)) is { } s
                    ? TypedResults.File(s, "text/csv; charset=utf-8", "rejected-rows.csv")
                    : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("The rejected rows of one of your imports with their reasons (CSV)");
        registry.MapGet("/import/people/template", (string? format) => RegistryImports.Template(PeopleRegister, format))
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("The import template with one example row (?format=csv, default, or xlsx)");
        registry.MapGet("/people/export", async (string? format, string? q, string? idLast4, string? phoneTail, string? tag, string? area,
                GongzhiDb db, Caller caller, TimeProvider clock, HttpContext http, CancellationToken ct) =>
            {
                var rows = ExportRows(db, caller, q, idLast4, phoneTail, tag, area);
                db.AuditEntries.Add(new AuditEntry
                {
                    At = clock.GetUtcNow(), UserId = caller.UserId, UserName = caller.UserName, Action = AuditAction.View, EntityType = "PeopleExport",
                    EntityId = Guid.CreateVersion7().ToString(), AreaCode = caller.ScopeFor(Permission.RegistryRead).FirstOrDefault() ?? "",
                    After = System.Text.Json.JsonSerializer.Serialize(new { format = format ?? "csv", q, idLast4, phoneTail, tag, area }),
                });
                await db.SaveChangesAsync(ct);
                if (format is "xlsx")
                {
                    // MiniExcel writes a zip that needs a seekable stream: build it in a temporary file, then stream that out.
                    var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                    try
                    {
                        await temp.SaveAsAsync(ToDictionaries(rows.AsEnumerable()), sheetName: "人口", cancellationToken: ct);
                    }
                    catch
                    {
                        await temp.DisposeAsync();
                        throw;
                    }
                    temp.Position = 0;
                    return (IResult)TypedResults.File(temp, Xlsx, "people.xlsx");
                }
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = "attachment; filename=\"people.csv\"";
                await http.Response.Body.WriteAsync(new System.Text.UTF8Encoding(true).GetPreamble(), ct);
                await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), 65536, leaveOpen: true);
                // Names and addresses are typed by others: a cell starting a formula is escaped, not run by the spreadsheet.
                await using var csv = new CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
                    { InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape });
                foreach (var h in ExportHeaders) csv.WriteField(h);
                await csv.NextRecordAsync();
                await foreach (var r in rows.AsAsyncEnumerable().WithCancellation(ct))
                {
                    foreach (var v in Values(r)) csv.WriteField(v);
                    await csv.NextRecordAsync();
                }
                await csv.FlushAsync();
                return TypedResults.Empty;
            })
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("Export the people of a search (same filters as the list) as CSV or Excel (?format=xlsx); ID numbers and phones masked; the export is audited");
    }

    public sealed record ExportRow(string Name, string? IdNumber, Gender? Gender, DateOnly? BirthDate, string? Phone, string AreaCode, string? Room, bool Head,
        string? Address, Residence Residence, Political Political, string Tags);

    static readonly string[] ExportHeaders = ["姓名", "身份证号（脱敏）", "性别", "出生年份", "手机号（脱敏）", "楼栋编码", "房号", "是否户主", "地址", "户籍状态", "政治面貌", "标签"];

    static IQueryable<ExportRow> ExportRows(GongzhiDb db, Caller caller, string? q, string? idLast4, string? phoneTail, string? tag, string? area) =>
        from p in People.Filter(People.Readable(db, caller).AsNoTracking(), q, idLast4, phoneTail, tag, area)
        join h in db.Set<Household>() on p.HouseholdId equals h.Id into hs
        from h in hs.DefaultIfEmpty()
        orderby p.AreaCode, p.Name, p.Id
        select new ExportRow(p.Name, p.IdNumberMasked, p.Gender, p.BirthDate, p.PhoneMasked, p.AreaCode, h == null ? null : h.Room,
            h != null && h.HeadPersonId == p.Id, p.Address, p.Residence, p.Political, p.Tags);

    /// <summary>The cells of an export row: masked numbers and the year of birth only (as the pages show them).</summary>
    static string?[] Values(ExportRow r) =>
    [
        r.Name, r.IdNumber, r.Gender switch { Gender.Male => "男", Gender.Female => "女", _ => null }, r.BirthDate?.Year.ToString(CultureInfo.InvariantCulture),
        r.Phone, r.AreaCode, r.Room, r.Head ? "是" : "否", r.Address, PeopleImport.ResidenceLabel(r.Residence), PeopleImport.PoliticalLabel(r.Political),
        string.Join("、", r.Tags.Split('|', StringSplitOptions.RemoveEmptyEntries)),
    ];

    static IEnumerable<Dictionary<string, object?>> ToDictionaries(IEnumerable<ExportRow> rows)
    {
        foreach (var r in rows)
        {
            var values = Values(r);
            var d = new Dictionary<string, object?>(ExportHeaders.Length);
            for (var i = 0; i < ExportHeaders.Length; i++) d[ExportHeaders[i]] = values[i];
            yield return d;
        }
    }
}
