using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Realtime;
using Gongzhi.Web.Platform.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// CS-1 intake by staff (grid patrol, community, street): the category's current disposal model is attached, the point
/// is placed in its grid, and a point outside every grid goes to the district's triage queue.
/// </summary>
public static class ReportCase
{
    public sealed record Request(
        [property: Required, MaxLength(40)] string Category,
        [property: Required, MinLength(4), MaxLength(2000)] string Description,
        [property: Range(-90, 90)] double? Lat,
        [property: Range(-180, 180)] double? Lng,
        [property: MaxLength(200)] string? Address = null,
        Channel Channel = Channel.Staff);

    public sealed record Created(Guid Id, string Number, CaseState State, string AreaCode, bool InTriage);

    public static void Map(RouteGroupBuilder cases) =>
        cases.MapPost("/", async Task<Results<Created<Created>, ProblemHttpResult>> (Request body, IServiceProvider services, GridLocator locator,
                TimeProvider clock, NewCases cases, IConfiguration config, Caller caller, CancellationToken ct) =>
            {
                var created = await ReportAsync(services, locator, clock, cases, config, caller, body, ct);
                return TypedResults.Created($"/api/cases/{created.Id}", created);
            })
            .RequirePermission(Permission.CasesReport)
            .WithSummary("Report a case (staff and grid patrol)");

    /// <param name="services">The operation's services (the category's model comes from <see cref="DisposalModelCache"/>; nothing here needs a <see cref="GongzhiDb"/> unless a cache is empty).</param>
    public static async Task<Created> ReportAsync(IServiceProvider services, GridLocator locator, TimeProvider clock, NewCases cases, IConfiguration config,
        Caller caller, Request body, CancellationToken ct)
    {
        if (!Enum.IsDefined(body.Channel) || body.Channel is Channel.Open311 or Channel.Hotline12345)
            throw new DomainException("case.channel", "Staff report through the staff channels only") { Status = 400 };
        var model = await services.GetRequiredService<DisposalModelCache>().CurrentAsync(services, body.Category, ct)
            ?? throw new DomainException("case.category", "Unknown category", body.Category) { Status = 400 };
        if ((body.Lat is null) != (body.Lng is null)) throw new DomainException("case.location", "Give both lat and lng, or neither") { Status = 400 };

        var triageArea = config["Cases:TriageArea"] ?? config["Demo:District"] ?? "320105";
        var located = body.Lat is { } lat && body.Lng is { } lng ? await locator.LocateAsync(lat, lng, ct) : null;
        var areaCode = located?.Grid.Code ?? triageArea;
        if (!caller.Can(Permission.CasesReport, areaCode)) throw new DomainException("case.scope", "The place is outside your area") { Status = 403 };

        var actor = ActorOf(caller, Permission.CasesReport, areaCode);
        var now = clock.GetUtcNow();
        var @case = await cases.SaveAsync(areaCode[..6], now, number => New(model, body, areaCode, located is null, caller, now, number), actor, ct);
        return new Created(@case.Id, @case.Number, @case.State, @case.AreaCode, @case.InTriage);
    }

    internal static Case New(DisposalModel model, Request body, string areaCode, bool triage, Caller caller, DateTimeOffset now, string number,
        string? externalId = null, string? reporterName = null, string? reporterPhone = null, string? trackingCodeHash = null) => new()
    {
        Number = number,
        TrackingCodeHash = trackingCodeHash,
        ExternalId = externalId,
        ReporterPhone = reporterPhone,
        Channel = body.Channel,
        CategoryCode = model.Code,
        CategoryName = model.Name,
        ModelVersion = model.Version,
        Department = model.Department,
        Whistle = model.Whistle,
        CheckInHours = model.CheckInHours,
        HandleHours = model.HandleHours,
        VerifyHours = model.VerifyHours,
        Description = body.Description.Trim(),
        Address = body.Address?.Trim(),
        Lat = body.Lat,
        Lng = body.Lng,
        AreaCode = areaCode,
        InTriage = triage,
        ReporterUserId = caller.IsAuthenticated ? caller.UserId : null,
        ReporterName = reporterName ?? (caller.IsAuthenticated ? caller.UserName : null),
        ReportedAt = now,
    };

    public static Actor ActorOf(Caller caller, Permission permission, string areaCode) =>
        new(caller.UserId, caller.UserName, caller.RoleFor(permission, areaCode)?.ToString() ?? "Reporter");
}
