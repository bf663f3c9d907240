using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gongzhi.Web.Platform;

/// <summary>
/// OpenTelemetry traces (requests, PostgreSQL commands) and metrics (ASP.NET Core, Kestrel, runtime). Exported over
/// OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise nothing leaves the process.
/// </summary>
static class Telemetry
{
    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("gongzhi", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/_framework"));
                t.AddSource("Npgsql");
                if (otlp) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation();
                m.AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime", "Npgsql");
                if (otlp) m.AddOtlpExporter();
            });
    }
}
