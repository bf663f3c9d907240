using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>
/// Loads the division codes of a district (district, streets, communities) from a CSV, Excel or JSON table of
/// <c>code,name</c> rows. Every row is checked first; if any is bad nothing is written and every bad row is listed.
/// Existing codes get the new name.
/// </summary>
public static class ImportDivisions
{
    public sealed record Result(int Created, int Updated, int Unchanged);

    public static void Map(RouteGroupBuilder areas) =>
        areas.MapPost("/divisions", async Task<Results<Ok<Result>, ProblemHttpResult>> (IFormFile file, GongzhiDb db, Caller caller, ChangeBus bus, HttpContext http, CancellationToken ct) =>
        {
            if (file.Length > Tabular.MaxBytes) return Problems.Of(http, 413, "too_large");
            await using var stream = file.OpenReadStream();
            return TypedResults.Ok(await ImportAsync(db, caller, bus, Tabular.Read(stream, file.FileName), ct));
        })
        .DisableAntiforgery()
        .RequirePermission(Permission.AreasManage)
        .WithSummary("Import division codes (multipart field 'file': .csv, .xlsx or .json with columns code,name); all or nothing");

    public static async Task<Result> ImportAsync(GongzhiDb db, Caller caller, ChangeBus bus, Tabular.Table table, CancellationToken ct)
    {
        var codeCol = table.Column("code", "代码", "区划代码");
        var nameCol = table.Column("name", "名称");
        if (codeCol is null || nameCol is null) throw new DomainException("import.headers", "The columns must be code,name", "code,name") { Status = 400 };

        var rows = table.Rows.Select((r, i) => (Row: i + 1, Code: r.GetValueOrDefault(codeCol)?.Trim() ?? "", Name: r.GetValueOrDefault(nameCol)?.Trim() ?? "")).ToList();
        if (rows.Count == 0) throw new DomainException("import.empty", "The file has no rows") { Status = 400 };

        var codes = rows.Select(r => r.Code).Where(c => c.Length > 0).Distinct().ToList();
        var parents = rows.Select(r => AreaCode.ParentOf(r.Code)).OfType<string>().Distinct().ToList();
        var known = await db.Areas().AsNoTracking().Where(a => codes.Contains(a.Code) || parents.Contains(a.Code)).ToDictionaryAsync(a => a.Code, ct);
        var inFile = rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.Count());

        var rejected = new List<RejectedRow>();
        foreach (var r in rows)
        {
            var reasons = new List<string>();
            if (AreaCode.Validate(r.Code) is { } bad) reasons.Add(bad);
            else
            {
                if (AreaCode.LevelOf(r.Code) > AreaLevel.Community) reasons.Add("area.import.level");
                if (AreaCode.ParentOf(r.Code) is { } parent && !known.ContainsKey(parent) && !inFile.ContainsKey(parent)) reasons.Add("area.parent.unknown");
                if (!caller.Can(Permission.AreasManage, r.Code)) reasons.Add("area.scope");
            }
            if (r.Name.Length == 0) reasons.Add("area.name.required");
            else if (r.Name.Length > 100) reasons.Add("area.name.length");
            if (r.Code.Length > 0 && inFile[r.Code] > 1) reasons.Add("import.duplicate");
            if (reasons.Count > 0) rejected.Add(new RejectedRow(r.Row, r.Code, reasons));
        }
        if (rejected.Count > 0) throw new RejectedRowsException("import.rejected", rejected);

        int created = 0, updated = 0, unchanged = 0;
        var tracked = await db.Areas().Where(a => codes.Contains(a.Code)).ToDictionaryAsync(a => a.Code, ct);
        foreach (var r in rows.OrderBy(r => r.Code.Length))
        {
            if (!tracked.TryGetValue(r.Code, out var area)) { db.Areas().Add(Area.New(r.Code, r.Name)); created++; }
            else if (area.Name != r.Name) { area.Name = r.Name; area.Version = Guid.NewGuid(); updated++; }
            else unchanged++;
        }
        await db.SaveChangesAsync(ct);
        if (created + updated > 0) bus.Publish(GridLocator.GridsChanged);
        return new Result(created, updated, unchanged);
    }
}
