using BenchmarkDotNet.Attributes;
using Gongzhi.Web.Modules.Cases;
using Gongzhi.Web.Modules.Cases.Public;
using Gongzhi.Web.Platform.Auth;

namespace Gongzhi.Benchmarks;

/// <summary>
/// CS-6 metrics and the CC-1 board, exactly as the app runs them (the app's own query code and EF model), over the
/// database that <c>seed-cases</c> filled with 1 M generated cases. The district admin sees all of them; a street
/// officer sees about a sixth. Run through <c>bench/cases.sh</c>.
/// </summary>
[MemoryDiagnoser]
public class CaseQueryBenchmarks
{
    static readonly Caller District = new("bench-district", "bench", [(AppRole.DistrictAdmin, "320105")]);
    static readonly Caller Street = new("bench-street", "bench", [(AppRole.StreetStaff, "320105001")]);

    [Params("district", "street")]
    public string Who { get; set; } = "district";

    Caller Caller => Who == "district" ? District : Street;
    string Area => Who == "district" ? "320105" : "320105001";

    public static async Task TimeAsync(bool sql)
    {
        if (sql) BenchDb.Log = Console.WriteLine;
        await using (var db = BenchDb.Context())
        {
            foreach (var caller in new[] { District, Street })
            foreach (var by in new[] { MetricGroup.Street, MetricGroup.Community, MetricGroup.Department, MetricGroup.Category })
            {
                var totals = await CaseMetrics.ReportAsync(db, caller, by, null, null, useTotals: true, CancellationToken.None);
                var cases = await CaseMetrics.ReportAsync(db, caller, by, null, null, useTotals: false, CancellationToken.None);
                var same = System.Text.Json.JsonSerializer.Serialize(totals) == System.Text.Json.JsonSerializer.Serialize(cases);
                Console.WriteLine($"totals agree with the cases ({caller.UserId}, by {by}): {(same ? "yes" : "NO")}");
                if (!same) Environment.ExitCode = 1;
            }
        }
        var b = new CaseQueryBenchmarks();
        foreach (var who in new[] { "district", "street" })
        {
            b.Who = who;
            foreach (var (name, run) in new (string, Func<Task<int>>)[] { ("MetricsByStreet", b.MetricsByStreet), ("MetricsByGridLast30Days", b.MetricsByGridLast30Days), ("MetricsByCommunityQuarter", b.MetricsByCommunityQuarter),
                ("MetricsByCategory", b.MetricsByCategory), ("BoardSnapshot", b.BoardSnapshot) })
            {
                await run();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                for (var i = 0; i < 5; i++) await run();
                Console.WriteLine($"{who,-9} {name,-24} {watch.Elapsed.TotalMilliseconds / 5,8:N1} ms");
            }
        }
    }

    [Benchmark]
    public async Task<int> MetricsByStreet()
    {
        await using var db = BenchDb.Context();
        return (await CaseMetrics.ReportAsync(db, Caller, MetricGroup.Street, null, null, CancellationToken.None)).Total.Total;
    }

    /// <summary>By grid counts the cases (no monthly totals per grid): the last 30 days.</summary>
    [Benchmark]
    public async Task<int> MetricsByGridLast30Days()
    {
        await using var db = BenchDb.Context();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        return (await CaseMetrics.ReportAsync(db, Caller, MetricGroup.Grid, today.AddDays(-30), today, CancellationToken.None)).Rows.Count;
    }

    /// <summary>A quarter's figures by community from the monthly totals.</summary>
    [Benchmark]
    public async Task<int> MetricsByCommunityQuarter()
    {
        await using var db = BenchDb.Context();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-3);
        return (await CaseMetrics.ReportAsync(db, Caller, MetricGroup.Community, start, start.AddMonths(3).AddDays(-1), CancellationToken.None)).Rows.Count;
    }

    [Benchmark]
    public async Task<int> MetricsByCategory()
    {
        await using var db = BenchDb.Context();
        return (await CaseMetrics.ReportAsync(db, Caller, MetricGroup.Category, null, null, CancellationToken.None)).Rows.Count;
    }

    [Benchmark]
    public async Task<int> BoardSnapshot()
    {
        await using var db = BenchDb.Context();
        return (await CaseBoard.SnapshotAsync(db, Caller, Area, TimeProvider.System, CancellationToken.None)).Open;
    }
}
