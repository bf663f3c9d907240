using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gongzhi.Web.Platform;

/// <summary>
/// OpenTelemetry traces (requests, PostgreSQL commands) and metrics (ASP.NET Core, Kestrel, runtime), exported over
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Without it nothing is collected: a tracer with no exporter
/// still built and tagged an activity for every request and every SQL command (its text included) only to drop it.
/// The meters stay readable locally with <c>dotnet-counters</c>, which needs no provider.
/// </summary>
static class Telemetry
{
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp) return;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("gongzhi", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/_framework"));
                t.AddSource("Npgsql");
                t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation();
                m.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "Npgsql");
                m.AddOtlpExporter();
            });
    }
}
