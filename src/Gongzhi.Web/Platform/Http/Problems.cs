using Gongzhi.Web.Platform.Ui;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Platform.Http;

/// <summary>Every API error is application/problem+json with a stable <c>code</c> and a localised title/detail.</summary>
public static class Problems
{
    public static ProblemHttpResult Of(HttpContext http, int status, string code, params object[] args)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
        var detail = l["error." + code, LocaliseArgs(l, args)];
        return TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = TitleFor(l, status),
            Detail = detail.ResourceNotFound ? code : detail.Value,
            Extensions = { ["code"] = code },
        });
    }

    public static ProblemHttpResult NotFound(HttpContext http) => Of(http, 404, "not_found");
    public static ProblemHttpResult Forbidden(HttpContext http) => Of(http, 403, "forbidden");
    public static ProblemHttpResult BadRequest(HttpContext http, string code, params object[] args) => Of(http, 400, code, args);

    /// <summary>A 400 whose <c>errors</c> list every rejected row or feature with its reasons; nothing was written.</summary>
    public static ProblemHttpResult Rejected(HttpContext http, string code, IReadOnlyList<RejectedItem> rejected, params object[] args)
    {
        var result = Of(http, 400, code, args);
        result.ProblemDetails.Extensions["rejected"] = rejected;
        return result;
    }

    /// <summary>The readable reason of an error code (<c>error.{code}</c>), or the code itself when there is none.</summary>
    public static string Reason(IStringLocalizer l, string code) => l["error." + code] is { ResourceNotFound: false } s ? s.Value : code;

    /// <summary>The problem of an all-or-nothing import: the rejected rows listed, their total and the sheet of all of them.</summary>
    public static ProblemHttpResult Rejected(HttpContext http, RejectedRowsException r, IStringLocalizer l)
    {
        var result = Rejected(http, r.Code, r.Localise(l), r.Total);
        result.ProblemDetails.Extensions["rejectedCount"] = r.Total;
        if (r.File is { } file) result.ProblemDetails.Extensions["rejectedFile"] = file;
        return result;
    }

    /// <summary>Enum arguments become their localised names (key <c>{enumType camelCase}.{Value}</c>, e.g. caseState.Closed).</summary>
    public static object[] LocaliseArgs(IStringLocalizer l, object[] args) =>
        [.. args.Select(a => a is Enum e && l[char.ToLowerInvariant(e.GetType().Name[0]) + e.GetType().Name[1..] + "." + e] is { ResourceNotFound: false } s ? s.Value : a)];

    internal static string TitleFor(IStringLocalizer l, int status) => l["status." + status] is { ResourceNotFound: false } s ? s.Value : l["status.other"];

    public static void AddPlatformProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var p = ctx.ProblemDetails;
            var l = ctx.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
            if (!p.Extensions.ContainsKey("code"))
            {
                var code = p.Status switch
                {
                    400 => "validation",
                    401 => "unauthenticated",
                    403 => "forbidden",
                    404 => "not_found",
                    405 => "method_not_allowed",
                    413 => "too_large",
                    415 => "unsupported_media_type",
                    429 => "rate_limited",
                    _ => "error",
                };
                p.Extensions["code"] = code;
                if (l["error." + code] is { ResourceNotFound: false } d && p.Detail is null) p.Detail = d.Value;
                p.Title = TitleFor(l, p.Status ?? 500);
            }
            p.Extensions.Remove("traceId");
            p.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
    }
}

/// <summary>One rejected row of an import (1-based data row, or feature index) with the codes and localised reasons.</summary>
public sealed record RejectedItem(int Row, string? Key, IReadOnlyList<string> Codes, IReadOnlyList<string> Reasons);

/// <summary>A row of an import that failed validation: the stable codes of what is wrong with it.</summary>
public sealed record RejectedRow(int Row, string? Key, IReadOnlyList<string> Codes);

/// <summary>
/// Thrown by an all-or-nothing import when any row is bad: nothing was written. Becomes a 400 problem whose
/// <c>rejected</c> lists every bad row with its reasons.
/// </summary>
public sealed class RejectedRowsException(string code, IReadOnlyList<RejectedRow> rows, int? total = null) : Exception(code + ": " + (total ?? rows.Count) + " rejected rows")
{
    public string Code { get; } = code;
    /// <summary>The rejected rows listed in the problem (a large import lists the first ones; see <see cref="File"/>).</summary>
    public IReadOnlyList<RejectedRow> Rows { get; } = rows;
    /// <summary>How many rows were rejected in all.</summary>
    public int Total { get; } = total ?? rows.Count;
    /// <summary>Where the sheet of every rejected row can be downloaded, when the import wrote one.</summary>
    public string? File { get; init; }

    public IReadOnlyList<RejectedItem> Localise(IStringLocalizer l) =>
        [.. Rows.Select(r => new RejectedItem(r.Row, r.Key, r.Codes, [.. r.Codes.Select(c => Problems.Reason(l, c))]))];
}

/// <summary>Maps <see cref="DomainException"/> (and stale writes, bad request bodies) to problem details; nothing else leaks.</summary>
sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // The exception handler runs outside the localization middleware, whose culture does not flow back out with the
        // exception: without this every DomainException was told in the default zh-CN, whatever the request asked for.
        if (http.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>() is { } culture)
        {
            System.Globalization.CultureInfo.CurrentCulture = culture.RequestCulture.Culture;
            System.Globalization.CultureInfo.CurrentUICulture = culture.RequestCulture.UICulture;
        }
        IResult? result = exception switch
        {
            DomainException d => Problems.Of(http, d.Status, d.Code, d.Args),
            RejectedRowsException r => Problems.Rejected(http, r, http.RequestServices.GetRequiredService<IStringLocalizer<Strings>>()),
            DbUpdateConcurrencyException => Problems.Of(http, 409, "concurrency"),
            BadHttpRequestException b => Problems.Of(http, b.StatusCode, b.StatusCode == 413 ? "too_large" : "bad_request"),
            _ => null,
        };
        if (result is null)
        {
            log.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
            http.Response.StatusCode = 500;
            return await problems.TryWriteAsync(new() { HttpContext = http, Exception = exception, ProblemDetails = { Status = 500 } });
        }
        await result.ExecuteAsync(http);
        return true;
    }
}
