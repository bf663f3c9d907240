using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// CS-1 resident channel: a public, static form (no account, no live connection, rate-limited) that files a case and
/// answers with its number and a tracking code; with both, the resident follows the case and rates it when closed.
/// Personal data: an optional phone number, kept masked.
/// </summary>
public static class PublicReport
{
    public sealed record Tracked(string Number, string CategoryName, CaseState State, DateTimeOffset ReportedAt, DateTimeOffset? ClosedAt, int? Rating,
        IReadOnlyList<(DateTimeOffset At, string Action, CaseState To)> Steps);

    public static void Map(WebApplication app)
    {
        app.MapPost("/report", async ([FromForm] string? category, [FromForm] string? description, [FromForm] string? address,
                [FromForm] string? lat, [FromForm] string? lng, [FromForm] string? phone, GongzhiDb db, GridLocator locator, TimeProvider clock,
                NewCases cases, IConfiguration config) =>
            {
                var error = Check(category, description, address, lat, lng, phone, out var latitude, out var longitude);
                var model = error is null ? await db.Set<DisposalModel>().AsNoTracking().SingleOrDefaultAsync(m => m.Code == category && m.IsCurrent) : null;
                if (error is null && model is null) error = "case.category";
                if (error is not null) return Results.Redirect($"/report?error={error}");
                var (number, code) = await FileAsync(locator, clock, cases, config, model!, description!.Trim(), address, latitude, longitude, phone);
                return Results.Redirect($"/track?number={number}&code={code}&new=1");
            })
            .AllowAnonymous()
            .RequireRateLimiting("public-write");

        app.MapPost("/track/rate", async ([FromForm] string number, [FromForm] string code, [FromForm] int rating, [FromForm] string? comment,
                GongzhiDb db, TimeProvider clock, ChangeBus bus) =>
            {
                var c = await FindAsync(db, number, code);
                if (c is null) return Results.Redirect("/track?error=not_found");
                try
                {
                    c.Apply(CaseAction.Evaluate, new Actor(null, "居民", nameof(AppRole.Resident)), clock.GetUtcNow(),
                        new Case.Input(Note: comment is { Length: > 500 } ? comment[..500] : comment, Rating: rating));
                    await db.SaveChangesAsync();
                    bus.Publish(DeadlineSweeper.CasesChanged);
                }
                catch (DomainException e)
                {
                    return Results.Redirect($"/track?number={number}&code={code}&error={e.Code}");
                }
                return Results.Redirect($"/track?number={number}&code={code}&rated=1");
            })
            .AllowAnonymous()
            .RequireRateLimiting("public-write");
    }

    static string? Check(string? category, string? description, string? address, string? lat, string? lng, string? phone, out double? latitude, out double? longitude)
    {
        latitude = longitude = null;
        if (string.IsNullOrWhiteSpace(category)) return "case.category";
        if (string.IsNullOrWhiteSpace(description) || description.Trim().Length < 4 || description.Length > 2000) return "public.description";
        if (address is { Length: > 200 }) return "public.address";
        if (!string.IsNullOrWhiteSpace(lat) || !string.IsNullOrWhiteSpace(lng))
        {
            if (!double.TryParse(lat, System.Globalization.CultureInfo.InvariantCulture, out var la) || la is < -90 or > 90
                || !double.TryParse(lng, System.Globalization.CultureInfo.InvariantCulture, out var lo) || lo is < -180 or > 180)
                return "case.location";
            (latitude, longitude) = (la, lo);
        }
        if (string.IsNullOrWhiteSpace(address) && latitude is null) return "public.where";
        if (!string.IsNullOrWhiteSpace(phone) && (phone.Length > 20 || !phone.Trim().All(ch => char.IsAsciiDigit(ch) || ch is '-' or '+' or ' '))) return "hotline.phone";
        return null;
    }

    static async Task<(string Number, string Code)> FileAsync(GridLocator locator, TimeProvider clock, NewCases cases, IConfiguration config,
        DisposalModel model, string description, string? address, double? lat, double? lng, string? phone)
    {
        var located = lat is { } a && lng is { } b ? await locator.LocateAsync(a, b) : null;
        var area = located?.Grid.Code ?? config["Cases:TriageArea"] ?? config["Demo:District"] ?? "320105";
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)); // 10 hex digits, shown once
        var now = clock.GetUtcNow();
        var request = new ReportCase.Request(model.Code, description, lat, lng, string.IsNullOrWhiteSpace(address) ? null : address.Trim(), Channel.Resident);
        var c = await cases.SaveAsync(area[..6], now, number => ReportCase.New(model, request, area, located is null, Caller.Anonymous, now, number,
                reporterName: "居民", reporterPhone: string.IsNullOrWhiteSpace(phone) ? null : phone.Trim(), trackingCodeHash: ApiToken.Hash(code)),
            new Actor(null, "居民", nameof(AppRole.Resident)), default);
        return (c.Number, code);
    }

    static async Task<Case?> FindAsync(GongzhiDb db, string? number, string? code)
    {
        if (string.IsNullOrWhiteSpace(number) || string.IsNullOrWhiteSpace(code) || code.Length > 64) return null;
        var hash = ApiToken.Hash(code.Trim());
        return await db.Set<Case>().Include(c => c.Deadlines.Where(d => d.FiredAt == null && d.CancelledAt == null))
            .SingleOrDefaultAsync(c => c.Number == number.Trim() && c.TrackingCodeHash == hash);
    }

    /// <summary>What a resident may see of their case: no staff names, no notes.</summary>
    public static async Task<Tracked?> TrackAsync(GongzhiDb db, string? number, string? code)
    {
        var c = await FindAsync(db, number, code);
        if (c is null) return null;
        var steps = await db.Set<CaseEvent>().AsNoTracking().Where(e => e.CaseId == c.Id && e.From != e.To || e.CaseId == c.Id && e.Action == "Report")
            .OrderBy(e => e.At).Select(e => new { e.At, e.Action, e.To }).ToListAsync();
        return new Tracked(c.Number, c.CategoryName, c.State, c.ReportedAt, c.ClosedAt, c.Rating, [.. steps.Select(s => (s.At, s.Action, s.To))]);
    }
}
