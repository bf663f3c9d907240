using System.Globalization;
using CsvHelper;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Files;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Ui;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// Bulk import of households, organisations and places (RG-4) — the smaller registers. Each row goes through the same
/// save as the API (its checks, scope, location to the grid, history), all inside one transaction: any rejected row
/// rolls everything back and the problem lists every rejected row with its reasons. People (large files) have their
/// own streaming importer, <see cref="PeopleImport"/>.
/// </summary>
public static class RegistryImports
{
    /// <summary>Rows one file may hold: each row is saved as one API call would be (a people file streams and takes millions).</summary>
    public const int MaxRows = 5_000;

    public sealed record Result(int Created);

    /// <summary>A register that can be imported: its template columns (required ones first), an example row, and how a row is saved.</summary>
    public sealed record Register(string Name, string SheetName, (string Zh, string En)[] Columns, int Required, string[] Example);

    public static readonly Register HouseholdsRegister = new("households", "住户",
        [("楼栋编码", "BuildingCode"), ("房号", "Room")], 2, ["320105001001001001", "1-101"]);

    public static readonly Register OrganisationsRegister = new("organisations", "单位组织",
        [("名称", "Name"), ("类别", "Kind"), ("区域编码", "AreaCode"), ("经度", "Lng"), ("纬度", "Lat"), ("统一社会信用代码", "CreditCode"), ("地址", "Address"),
         ("联系人", "ContactName"), ("联系电话", "ContactPhone"), ("从业人数", "Employees"), ("党员人数", "PartyMembers"), ("是否建立党组织", "HasPartyOrganisation")], 2,
        ["凤栖苑物业服务中心", "物业公司", "320105001001001", "", "", "", "凤栖苑小区 1 号", "李经理", "13912345678", "25", "3", "否"]);

    public static readonly Register PlacesRegister = new("places", "部件设施",
        [("类型", "Kind"), ("名称", "Name"), ("经度", "Lng"), ("纬度", "Lat"), ("部件编码", "Code"), ("大类", "Major"), ("小类", "Minor"), ("楼栋编码", "BuildingCode"),
         ("地址", "Address"), ("状态", "Status"), ("视频点位编号", "CameraPointId")], 4,
        ["城市部件", "污水井盖", "118.7345", "32.0321", "", "01", "02", "", "凤栖苑南门", "完好", ""]);

    static readonly Dictionary<string, OrganisationKind> OrganisationKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["企业"] = OrganisationKind.Enterprise, ["社会组织"] = OrganisationKind.SocialOrganisation, ["物业公司"] = OrganisationKind.PropertyCompany,
        ["业委会"] = OrganisationKind.OwnersCommittee, ["业主委员会"] = OrganisationKind.OwnersCommittee, ["居委会"] = OrganisationKind.ResidentsCommittee,
        ["居民委员会"] = OrganisationKind.ResidentsCommittee, ["驻区单位"] = OrganisationKind.StationedUnit, ["两新组织"] = OrganisationKind.NewEconomic,
    };

    static readonly Dictionary<string, PlaceKind> PlaceKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["公共设施"] = PlaceKind.Facility, ["城市部件"] = PlaceKind.Component, ["部件"] = PlaceKind.Component, ["视频点位"] = PlaceKind.Camera, ["摄像头"] = PlaceKind.Camera,
    };

    static readonly Dictionary<string, PlaceStatus> PlaceStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["完好"] = PlaceStatus.Normal, ["正常"] = PlaceStatus.Normal, ["破损"] = PlaceStatus.Damaged, ["损坏"] = PlaceStatus.Damaged, ["丢失"] = PlaceStatus.Lost,
    };

    public static void Map(RouteGroupBuilder registry)
    {
        foreach (var register in new[] { HouseholdsRegister, OrganisationsRegister, PlacesRegister })
        {
            registry.MapPost($"/import/{register.Name}", async Task<Results<Ok<Result>, ProblemHttpResult>> (IFormFile file, GongzhiDb db, PersonalData pd,
                    GridLocator locator, TimeProvider clock, Caller caller, FileStore files, IStringLocalizer<Strings> l, HttpContext http, CancellationToken ct) =>
                {
                    if (file.Length > Tabular.MaxBytes) return Problems.Of(http, 413, "too_large");
                    await using var stream = file.OpenReadStream();
                    return TypedResults.Ok(await ImportAsync(register, db, pd, locator, clock, caller, files, l, Tabular.Read(stream, file.FileName), ct));
                })
                .DisableAntiforgery()
                .RequirePermission(Permission.RegistryWrite)
                .WithSummary($"Import {register.Name} from CSV or Excel (multipart 'file', at most {MaxRows} rows): each row saved as the API saves it, all in one transaction or none");
            registry.MapGet($"/import/{register.Name}/template", (string? format) => Template(register, format))
                .RequirePermission(Permission.RegistryWrite)
                .WithSummary($"The {register.Name} import template with one example row (?format=csv, default, or xlsx)");
        }
    }

    /// <summary>The template of a register: its columns and one example row, as CSV (UTF-8 with BOM) or Excel.</summary>
    public static IResult Template(Register register, string? format)
    {
        if (format is "xlsx")
        {
            var row = register.Columns.Select((c, i) => (c.Zh, Value: (object?)register.Example[i])).ToDictionary(x => x.Zh, x => x.Value);
            using var ms = new MemoryStream();
            ms.SaveAs(new[] { row }, sheetName: register.SheetName);
            return TypedResults.File(ms.ToArray(), PeopleTransfer.Xlsx, $"{register.Name}-template.xlsx");
        }
        using var sw = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(sw, CultureInfo.InvariantCulture))
        {
            foreach (var c in register.Columns) csv.WriteField(c.Zh);
            csv.NextRecord();
            foreach (var v in register.Example) csv.WriteField(v);
            csv.NextRecord();
        }
        return TypedResults.File([.. new System.Text.UTF8Encoding(true).GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(sw.ToString())],
            "text/csv; charset=utf-8", $"{register.Name}-template.csv");
    }

    /// <summary>
    /// Saves every row or none. Any rejected row: <see cref="RejectedRowsException"/> listing every rejected row with its
    /// reasons and naming a downloadable sheet of them (the people import's sheet: original columns, phones masked).
    /// </summary>
    public static async Task<Result> ImportAsync(Register register, GongzhiDb db, PersonalData pd, GridLocator locator, TimeProvider clock, Caller caller,
        FileStore files, IStringLocalizer l, Tabular.Table table, CancellationToken ct)
    {
        if (!caller.CanAnywhere(Permission.RegistryWrite)) throw new DomainException("forbidden", "Not allowed") { Status = 403 };
        var at = table.TemplateColumns(register.Columns, register.Columns.Take(register.Required).Select(c => c.Zh));
        await pd.ReadyAsync(ct);

        var rejected = new List<RejectedRow>();
        var rejectedRaw = new List<string?[]>();
        var number = 0;
        var created = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var record in table.Records)
        {
            if (++number > MaxRows) throw new DomainException("import.toomany", "Too many rows", MaxRows) { Status = 400 };
            string? Get(string zh) => at[zh] is var i && i >= 0 && i < record.Length && record[i]?.Trim() is { Length: > 0 } v ? v : null;
            var reasons = new List<string>();
            try
            {
                var save = register == HouseholdsRegister ? Household(Get, reasons)
                    : register == OrganisationsRegister ? Organisation(Get, reasons)
                    : Place(Get, reasons);
                if (reasons.Count == 0) await save(db, pd, locator, clock, caller, ct);
                created += reasons.Count == 0 ? 1 : 0;
            }
            catch (DomainException e)
            {
                reasons.Add(e.Code);
            }
            catch (DbUpdateException)
            {
                reasons.Add("registry.import.conflict"); // EF rolled back to its savepoint: the transaction goes on
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            if (reasons.Count > 0)
            {
                rejected.Add(new RejectedRow(number, Get(register.Columns[register == PlacesRegister ? 1 : 0].Zh), reasons));
                rejectedRaw.Add(record);
            }
        }
        if (number == 0) throw new DomainException("import.empty", "The file has no rows") { Status = 400 };
        if (rejected.Count > 0)
        {
            await tx.RollbackAsync(ct);
            throw new RejectedRowsException("import.rejected", rejected) { File = WriteSheet(files, caller, l, table, at, rejected, rejectedRaw) };
        }
        await tx.CommitAsync(ct);
        return new Result(created);
    }

    static string WriteSheet(FileStore files, Caller caller, IStringLocalizer l, Tabular.Table table, Dictionary<string, int> at,
        List<RejectedRow> rejected, List<string?[]> raw)
    {
        using var sheet = PeopleImport.RejectedSheet.Create(files, caller, l, table.Headers, -1, at.GetValueOrDefault("联系电话", -1));
        for (var i = 0; i < rejected.Count; i++) sheet.Write(rejected[i].Row, raw[i], [.. rejected[i].Codes]);
        return sheet.Url;
    }

    delegate Task Save(GongzhiDb db, PersonalData pd, GridLocator locator, TimeProvider clock, Caller caller, CancellationToken ct);

    static Save Household(Func<string, string?> get, List<string> reasons)
    {
        var body = new Households.Create(get("楼栋编码") ?? "", get("房号") ?? "");
        if (body.BuildingCode.Length == 0) reasons.Add("registry.building");
        if (body.Room.Length is 0 or > 20) reasons.Add("registry.room");
        return (db, _, _, clock, caller, ct) => Households.CreateAsync(db, clock, caller, body, ct);
    }

    static Save Organisation(Func<string, string?> get, List<string> reasons)
    {
        var name = get("名称") ?? "";
        if (name.Length is 0 or > 100) reasons.Add("registry.name");
        var kindText = get("类别") ?? "";
        var kind = OrganisationKinds.TryGetValue(kindText, out var k) ? k : Enum.TryParse<OrganisationKind>(kindText, true, out var e) && Enum.IsDefined(e) ? e : (OrganisationKind?)null;
        if (kind is null) reasons.Add("registry.organisation.kind");
        var lng = Number(get("经度"), -180, 180, "registry.point", reasons);
        var lat = Number(get("纬度"), -90, 90, "registry.point", reasons);
        var employees = Number(get("从业人数"), 0, 10_000_000, "registry.import.count", reasons, whole: true);
        var members = Number(get("党员人数"), 0, 1_000_000, "registry.import.count", reasons, whole: true);
        var hasOrg = YesNo(get("是否建立党组织"), reasons);
        var body = new Organisations.Edit(name, kind ?? OrganisationKind.Enterprise, get("区域编码"), get("统一社会信用代码"), get("地址"), get("联系人"), get("联系电话"),
            employees is { } em ? (int)em : null, members is { } m ? (int)m : 0, hasOrg, lng, lat);
        return (db, pd, locator, clock, caller, ct) => Organisations.SaveAsync(db, pd, locator, clock, caller, null, body, ct);
    }

    static Save Place(Func<string, string?> get, List<string> reasons)
    {
        var kindText = get("类型") ?? "";
        var kind = PlaceKinds.TryGetValue(kindText, out var k) ? k : Enum.TryParse<PlaceKind>(kindText, true, out var e) && Enum.IsDefined(e) ? e : (PlaceKind?)null;
        if (kind is null) reasons.Add("registry.place.kind");
        var name = get("名称") ?? "";
        if (name.Length is 0 or > 100) reasons.Add("registry.name");
        var lng = Number(get("经度"), -180, 180, "registry.point", reasons);
        var lat = Number(get("纬度"), -90, 90, "registry.point", reasons);
        if ((lng is null || lat is null) && !reasons.Contains("registry.point")) reasons.Add("registry.point");
        var statusText = get("状态");
        var status = statusText is null ? PlaceStatus.Normal
            : PlaceStatuses.TryGetValue(statusText, out var s) ? s : Enum.TryParse<PlaceStatus>(statusText, true, out var es) && Enum.IsDefined(es) ? es : (PlaceStatus?)null;
        if (status is null) reasons.Add("registry.place.status");
        var body = new Places.Edit(kind ?? PlaceKind.Facility, name, lng ?? 0, lat ?? 0, get("部件编码"), get("大类"), get("小类"), get("楼栋编码"), get("地址"),
            status ?? PlaceStatus.Normal, get("视频点位编号"));
        return (db, _, locator, clock, caller, ct) => Places.SaveAsync(db, locator, clock, caller, null, body, ct);
    }

    static double? Number(string? text, double min, double max, string code, List<string> reasons, bool whole = false)
    {
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max && (!whole || v == Math.Floor(v))) return v;
        if (!reasons.Contains(code)) reasons.Add(code);
        return null;
    }

    static bool YesNo(string? text, List<string> reasons)
    {
        switch (text)
        {
            case null: return false;
            case var t when t.ToLowerInvariant() is "否" or "n" or "no" or "false" or "0": return false;
            case var t when t.ToLowerInvariant() is "是" or "y" or "yes" or "true" or "1": return true;
            default: reasons.Add("registry.import.yesno"); return false;
        }
    }
}
