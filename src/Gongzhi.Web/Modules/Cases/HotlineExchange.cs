using System.Globalization;
using System.Text.Json;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using IConfiguration = Microsoft.Extensions.Configuration.IConfiguration;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// CS-7 exchange with the 12345 hotline platform. Import: batches of work orders (JSON, Excel or CSV with the columns
/// 工单编号, 来电时间, 诉求内容, 地址, 经度, 纬度, 诉求类型, 联系人, 联系电话); every row is checked first and the batch is written
/// whole or not at all; a 工单编号 already imported is left as it is (re-importing changes nothing); an unknown 诉求类型
/// or a place outside every grid goes to triage. Export: 工单编号, 办理状态, 办理结果, 办结时间, 满意度 as Excel or JSON.
/// </summary>
public static class HotlineExchange
{
    public const string Unclassified = "unclassified";
    static readonly string[] Columns = ["工单编号", "来电时间", "诉求内容", "地址", "经度", "纬度", "诉求类型", "联系人", "联系电话"];

    public sealed record Result(int Created, int Unchanged, int Triage);
    public sealed record ExportRow(string 工单编号, string 办理状态, string? 办理结果, string? 办结时间, int? 满意度);

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapPost("/hotline/import", async Task<Results<Ok<Result>, ProblemHttpResult>> (IFormFile file, GongzhiDb db, GridLocator locator, TimeProvider clock,
                ChangeBus bus, IConfiguration config, Caller caller, HttpContext http, CancellationToken ct) =>
            {
                if (file.Length > Tabular.MaxBytes) return Problems.Of(http, 413, "too_large");
                await using var stream = file.OpenReadStream();
                return TypedResults.Ok(await ImportAsync(db, locator, clock, bus, config, caller, Tabular.Read(stream, file.FileName), ct));
            })
            .DisableAntiforgery()
            .RequirePermission(Permission.CasesReport)
            .WithSummary("Import a batch of 12345 work orders (multipart 'file': .json, .xlsx or .csv); all or nothing; idempotent by 工单编号");
        cases.MapGet("/hotline/export", async Task<IResult> (string? format, DateOnly? from, DateOnly? to, GongzhiDb db, Caller caller, CancellationToken ct) =>
            {
                var rows = await ExportAsync(db, caller, from, to, ct);
                if (format is "json") return TypedResults.Ok(rows);
                using var stream = new MemoryStream();
                stream.SaveAs(rows, sheetName: "办理结果");
                return TypedResults.File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "12345-results.xlsx");
            })
            .RequirePermission(Permission.CasesRead)
            .WithSummary("Results of 12345 work orders for the hotline platform (?format=json, default Excel)");
    }

    public static async Task<Result> ImportAsync(GongzhiDb db, GridLocator locator, TimeProvider clock, ChangeBus bus, IConfiguration config,
        Caller caller, Tabular.Table table, CancellationToken ct)
    {
        var missing = Columns.Where(c => table.Column(c) is null).ToList();
        if (missing.Count > 0) throw new DomainException("import.headers", "Missing columns", string.Join(",", Columns)) { Status = 400 };
        var rows = table.Rows.Select((r, i) => (Row: i + 1, Get: (Func<string, string?>)(c => r.GetValueOrDefault(c)?.Trim() is { Length: > 0 } v ? v : null))).ToList();
        if (rows.Count == 0) throw new DomainException("import.empty", "The file has no rows") { Status = 400 };

        var models = await db.Set<DisposalModel>().AsNoTracking().Where(m => m.IsCurrent).ToListAsync(ct);
        var triageArea = config["Cases:TriageArea"] ?? config["Demo:District"] ?? "320105";
        var ids = rows.Select(r => r.Get("工单编号")).OfType<string>().ToList();
        var existing = (await db.Set<Case>().AsNoTracking().Where(c => c.Channel == Channel.Hotline12345 && ids.Contains(c.ExternalId!))
            .Select(c => c.ExternalId!).ToListAsync(ct)).ToHashSet();
        var counts = ids.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());

        var rejected = new List<RejectedRow>();
        var accepted = new List<(string Id, DateTimeOffset At, string Text, string? Address, double? Lat, double? Lng, DisposalModel? Model, string Type, string? Name, string? Phone, string Area, bool Triage)>();
        foreach (var (row, get) in rows)
        {
            var reasons = new List<string>();
            var id = get("工单编号");
            if (id is null) reasons.Add("hotline.id");
            else if (id.Length > 40) reasons.Add("hotline.id");
            else if (counts[id] > 1) reasons.Add("import.duplicate");
            if (!TryTime(get("来电时间"), out var at)) reasons.Add("hotline.time");
            var text = get("诉求内容");
            if (text is null || text.Length > 2000) reasons.Add("hotline.text");
            var address = get("地址");
            if (address is { Length: > 200 }) reasons.Add("hotline.address");
            double? lat = null, lng = null;
            if (get("经度") is not null || get("纬度") is not null)
            {
                if (double.TryParse(get("纬度"), NumberStyles.Float, CultureInfo.InvariantCulture, out var la) && la is >= -90 and <= 90
                    && double.TryParse(get("经度"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lo) && lo is >= -180 and <= 180)
                    (lat, lng) = (la, lo);
                else reasons.Add("hotline.location");
            }
            var phone = get("联系电话");
            if (phone is not null && (phone.Length > 20 || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '-' or '+' or ' '))) reasons.Add("hotline.phone");
            var name = get("联系人");
            if (name is { Length: > 50 }) reasons.Add("hotline.name");
            var type = get("诉求类型") ?? "";
            var model = models.FirstOrDefault(m => m.Name == type || m.Code == type);
            string area = triageArea;
            if (reasons.Count == 0 && lat is { } a && lng is { } b && await locator.LocateAsync(a, b, ct) is { } found) area = found.Grid.Code;
            if (reasons.Count == 0 && !caller.Can(Permission.CasesReport, area)) reasons.Add("area.scope");
            if (reasons.Count > 0) { rejected.Add(new RejectedRow(row, id, reasons)); continue; }
            if (existing.Contains(id!)) continue; // already imported: re-importing changes nothing
            accepted.Add((id!, at, text!, address, lat, lng, model, type, name, phone, area, model is null || area == triageArea));
        }
        if (rejected.Count > 0) throw new RejectedRowsException("import.rejected", rejected);

        var actor = new Actor(caller.UserId, caller.UserName, "Hotline12345");
        // Each day's numbers are reserved in one go (a batch that then fails leaves a gap in the numbers, nothing else).
        var serials = new Dictionary<string, int>();
        foreach (var day in accepted.GroupBy(o => CaseNumbers.Prefix(o.Area[..6], o.At)))
            serials[day.Key] = await CaseNumbers.ReserveAsync(db, day.Key, day.Count(), ct) - 1;
        foreach (var o in accepted)
        {
            var model = o.Model ?? new DisposalModel
            {
                Code = Unclassified, Name = "未分类：" + (o.Type.Length > 40 ? o.Type[..40] : o.Type), NameEn = "Unclassified", Department = "",
                Whistle = Whistle.Daily, CheckInHours = 4, HandleHours = 72, VerifyHours = 24, Version = 0,
            };
            var prefix = CaseNumbers.Prefix(o.Area[..6], o.At);
            var serial = ++serials[prefix];
            var request = new ReportCase.Request(model.Code, o.Text, o.Lat, o.Lng, o.Address, Channel.Hotline12345);
            var c = ReportCase.New(model, request, o.Area, o.Triage, Caller.Anonymous, o.At, CaseNumbers.Format(prefix, serial),
                o.Id, o.Name, o.Phone);
            c.Report(actor, clock.GetUtcNow());
            db.Add(c);
        }
        await db.SaveChangesAsync(ct); // one transaction: the whole batch or nothing
        if (accepted.Count > 0) bus.Publish(DeadlineSweeper.CasesChanged);
        return new Result(accepted.Count, rows.Count - accepted.Count, accepted.Count(a => a.Triage));
    }

    /// <summary>来电时间 as the hotline writes it, in China Standard Time unless an offset is given.</summary>
    static bool TryTime(string? text, out DateTimeOffset at)
    {
        at = default;
        if (text is null) return false;
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-dd'T'HH:mm:ss"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            at = new DateTimeOffset(local, TimeSpan.FromHours(8)).ToUniversalTime();
            return true;
        }
        if ((text.Contains('+') || text.EndsWith('Z')) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
        {
            at = at.ToUniversalTime();
            return true;
        }
        return false;
    }

    public static async Task<List<ExportRow>> ExportAsync(GongzhiDb db, Caller caller, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var q = db.Visible(caller).AsNoTracking().Where(c => c.Channel == Channel.Hotline12345 && c.ExternalId != null);
        if (from is { } f) { var t = Cst.StartOfCstDay(f); q = q.Where(c => c.ReportedAt >= t); }
        if (to is { } e) { var t = Cst.StartOfCstDay(e.AddDays(1)); q = q.Where(c => c.ReportedAt < t); }
        var rows = await q.OrderBy(c => c.ExternalId).Select(c => new
        {
            c.ExternalId, c.State, c.ClosedAt, c.Rating,
            Result = db.Set<CaseEvent>().Where(x => x.CaseId == c.Id && (x.Action == "Handle" || x.Action == "Reject" || x.Action == "Verify"))
                .OrderByDescending(x => x.At).Select(x => x.Note).FirstOrDefault(),
        }).ToListAsync(ct);
        return [.. rows.Select(r => new ExportRow(r.ExternalId!, StateName(r.State), r.Result, r.ClosedAt?.ToCst().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Rating))];
    }

    static string StateName(CaseState s) => s switch
    {
        CaseState.Reported => "待立案",
        CaseState.Registered => "已立案",
        CaseState.Dispatched => "已派遣",
        CaseState.CheckedIn => "办理中",
        CaseState.Handled => "待核查",
        CaseState.Closed => "已办结",
        CaseState.Evaluated => "已评价",
        CaseState.Rejected => "不予受理",
        CaseState.Merged => "已合并",
        _ => s.ToString(),
    };
}
