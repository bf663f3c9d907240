using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>
/// 一格三员: who serves which grid as manager, assistant or supervisor, who is full-time, and the gaps (grids without a
/// manager) per community and street, exportable to Excel. A grid has at most one manager.
/// </summary>
public static class Staffing
{
    public sealed record StaffView(Guid Id, string GridCode, string GridName, string Name, string? Phone, GridRole Role, bool FullTime, string? UserId);
    public sealed record Assign(
        [property: Required, MaxLength(50)] string Name,
        [property: RegularExpression(@"^[0-9+\-() ]{5,20}$")] string? Phone,
        [property: Required] GridRole Role,
        bool FullTime = false,
        [property: MaxLength(64)] string? UserId = null);
    public sealed record GapRow(string Code, string Name, int Grids, int WithManager, int WithoutManager, int FullTimeWorkers);
    public sealed record GapGrid(string Code, string Name, string CommunityCode, string CommunityName, string StreetName);
    public sealed record Gaps(string Code, IReadOnlyList<GapRow> Streets, IReadOnlyList<GapRow> Communities, IReadOnlyList<GapGrid> GridsWithoutManager);

    public static void Map(RouteGroupBuilder areas)
    {
        areas.MapGet("/{code}/staff", async Task<Results<Ok<List<StaffView>>, ProblemHttpResult>> (string code, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await ListAsync(db, caller, code, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound(http))
            .WithSummary("Grid staff under an area (phones masked)");
        areas.MapPost("/{code}/staff", async Task<Results<Created<StaffView>, ProblemHttpResult>> (string code, Assign body, GongzhiDb db, Caller caller, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            if (!await db.Readable(caller).AnyAsync(a => a.Code == code, ct)) return Problems.NotFound(http);
            if (!caller.Can(Permission.StaffingManage, code)) return Problems.Forbidden(http);
            var view = await AssignAsync(db, clock, code, body, ct);
            return TypedResults.Created($"/api/areas/staff/{view.Id}", view);
        }).WithSummary("Assign a person to a grid as manager, assistant or supervisor");
        areas.MapDelete("/staff/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
        {
            await RemoveAsync(db, caller, id, ct);
            return TypedResults.NoContent();
        }).WithSummary("Remove a person from a grid");
        areas.MapGet("/{code}/staffing-gaps", async Task<Results<Ok<Gaps>, ProblemHttpResult>> (string code, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await GapsAsync(db, caller, code, ct) is { } gaps ? TypedResults.Ok(gaps) : Problems.NotFound(http))
            .WithSummary("Grids without a manager, with counts per street and community");
        areas.MapGet("/{code}/staffing-gaps.xlsx", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (string code, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
            await GapsAsync(db, caller, code, ct) is { } gaps
                ? TypedResults.File(GapsWorkbook(gaps), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"staffing-gaps-{code}.xlsx")
                : Problems.NotFound(http))
            .WithSummary("The staffing gaps as an Excel workbook");
    }

    public static async Task<List<StaffView>?> ListAsync(GongzhiDb db, Caller caller, string code, CancellationToken ct)
    {
        if (!await db.Readable(caller).AnyAsync(a => a.Code == code, ct)) return null;
        var rows = await db.GridStaff().AsNoTracking().Where(s => s.AreaCode.StartsWith(code))
            .Join(db.Areas(), s => s.AreaCode, a => a.Code, (s, a) => new { s, a.Name })
            .ToListAsync(ct);
        return [.. rows.OrderBy(x => x.s.AreaCode).ThenBy(x => x.s.Role).ThenBy(x => x.s.Name, StringComparer.Ordinal).Select(x => new StaffView(x.s.Id, x.s.AreaCode, x.Name, x.s.Name, x.s.Phone is null ? null : Masking.Mask(x.s.Phone), x.s.Role, x.s.FullTime, x.s.UserId))];
    }

    public static async Task<StaffView> AssignAsync(GongzhiDb db, TimeProvider clock, string gridCode, Assign body, CancellationToken ct)
    {
        var grid = await db.Areas().AsNoTracking().SingleAsync(a => a.Code == gridCode, ct);
        if (grid.Level != AreaLevel.Grid) throw new DomainException("staffing.not_grid", "Staff are assigned to grids");
        if (!Enum.IsDefined(body.Role)) throw new DomainException("staffing.role", "Unknown grid role");
        if (body.Role == GridRole.Manager && await db.GridStaff().AnyAsync(s => s.AreaCode == gridCode && s.Role == GridRole.Manager, ct))
            throw DomainException.Conflict("staffing.manager.exists", "The grid already has a manager");
        var row = new GridStaff
        {
            AreaCode = gridCode, Name = body.Name.Trim(), Phone = string.IsNullOrWhiteSpace(body.Phone) ? null : body.Phone.Trim(),
            Role = body.Role, FullTime = body.FullTime, UserId = body.UserId, CreatedAt = clock.GetUtcNow(),
        };
        db.GridStaff().Add(row);
        await db.SaveChangesAsync(ct);
        return new StaffView(row.Id, gridCode, grid.Name, row.Name, row.Phone is null ? null : Masking.Mask(row.Phone), row.Role, row.FullTime, row.UserId);
    }

    /// <summary>Removes a staff row; not found (also out of scope) is 404, no right to manage it is 403.</summary>
    public static async Task RemoveAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var row = await db.GridStaff().InScope(caller.ScopeFor(Permission.AreasRead), s => s.AreaCode).SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new DomainException("not_found", "No such staff assignment") { Status = 404 };
        if (!caller.Can(Permission.StaffingManage, row.AreaCode)) throw new DomainException("forbidden", "Not allowed") { Status = 403 };
        db.GridStaff().Remove(row);
        await db.SaveChangesAsync(ct);
    }

    public static async Task<Gaps?> GapsAsync(GongzhiDb db, Caller caller, string code, CancellationToken ct)
    {
        if (!await db.Readable(caller).AnyAsync(a => a.Code == code, ct)) return null;
        var grids = await db.Areas().AsNoTracking().Where(a => a.Level == AreaLevel.Grid && a.Code.StartsWith(code))
            .Select(a => new { a.Code, a.Name }).ToListAsync(ct);
        var staff = await db.GridStaff().AsNoTracking().Where(s => s.AreaCode.StartsWith(code))
            .Select(s => new { s.AreaCode, s.Role, s.FullTime }).ToListAsync(ct);
        var managed = staff.Where(s => s.Role == GridRole.Manager).Select(s => s.AreaCode).ToHashSet();
        var fullTime = staff.Where(s => s.FullTime).GroupBy(s => s.AreaCode).ToDictionary(g => g.Key, g => g.Count());
        var prefixes = grids.SelectMany(g => new[] { g.Code[..9], g.Code[..12] }).Distinct().ToList();
        var names = await db.Areas().AsNoTracking().Where(a => prefixes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, a => a.Name, ct);
        string NameOf(string c) => names.TryGetValue(c, out var n) ? n : c;

        List<GapRow> Rollup(int length) => [.. grids.GroupBy(g => g.Code[..length]).OrderBy(g => g.Key).Select(g => new GapRow(
            g.Key, NameOf(g.Key), g.Count(), g.Count(x => managed.Contains(x.Code)), g.Count(x => !managed.Contains(x.Code)),
            g.Sum(x => fullTime.GetValueOrDefault(x.Code))))];

        var missing = grids.Where(g => !managed.Contains(g.Code)).OrderBy(g => g.Code)
            .Select(g => new GapGrid(g.Code, g.Name, g.Code[..12], NameOf(g.Code[..12]), NameOf(g.Code[..9]))).ToList();
        return new Gaps(code, Rollup(9), Rollup(12), missing);
    }

    public static byte[] GapsWorkbook(Gaps gaps)
    {
        var sheets = new Dictionary<string, object>
        {
            ["无网格管理员的网格"] = gaps.GridsWithoutManager.Select(g => new Dictionary<string, object> { ["网格代码"] = g.Code, ["网格"] = g.Name, ["社区"] = g.CommunityName, ["街道"] = g.StreetName }).ToList(),
            ["按社区"] = Rows(gaps.Communities, "社区"),
            ["按街道"] = Rows(gaps.Streets, "街道"),
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets);
        return stream.ToArray();

        static List<Dictionary<string, object>> Rows(IEnumerable<GapRow> rows, string label) => [.. rows.Select(r => new Dictionary<string, object>
        {
            ["代码"] = r.Code, [label] = r.Name, ["网格数"] = r.Grids, ["有管理员"] = r.WithManager, ["缺管理员"] = r.WithoutManager, ["专职网格员"] = r.FullTimeWorkers,
        })];
    }
}
