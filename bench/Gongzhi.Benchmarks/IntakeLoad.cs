using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Gongzhi.Benchmarks;

/// <summary>
/// Case intake over HTTP against a raw INSERT of the same rows, in the same run, on the same PostgreSQL server.
/// <list type="number">
/// <item>Starts the real app (Release build, Kestrel, PostgreSQL, demo data) as its own process.</item>
/// <item>HTTP: <c>clients</c> concurrent clients, each signed in as the district admin, POST /api/cases with a point in
/// a random grid for <c>seconds</c> seconds. Every request runs what a report runs: bearer authentication, the caller's
/// assignments, the category's model, point → grid, a case number, and one transaction writing the case, its report
/// event, their audit rows and the notifications.</item>
/// <item>Raw: counts how many rows of each table one intake wrote, takes the newest such rows as templates, and inserts
/// copies (new keys, new case number) with the same number of concurrent connections: one Npgsql batch per case, i.e.
/// one round trip and one implicit transaction with exactly those rows. Two kinds: as sent (each statement parsed and
/// planned by the server) and prepared on reuse (Npgsql's Max Auto Prepare, as the app's own intake writer does) — the
/// fastest way to write them one case at a time.</item>
/// <item>Order: warm-up of the app, a short counted HTTP run (rows per intake, templates), raw and prepared runs, the
/// measured HTTP run, prepared and raw runs again: the raw rates are the means of the runs before and after.</item>
/// </list>
/// Prints the rates and both ratios; the prepared one is the figure of issue 4.
/// </summary>
static class IntakeLoad
{
    static readonly string[] Tables = ["cases", "case_events", "audit_log", "notifications", "deadlines"];

    public static async Task RunAsync(int clients, int seconds)
    {
        var port = FreePort();
        var app = StartApp(port);
        try
        {
            await RunAgainstAsync(app, port, clients, seconds);
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    static async Task RunAgainstAsync(Process app, int port, int clients, int seconds)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitReadyAsync(http, app);

        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "admin@gongzhi.local", password = "Gongzhi@2026" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);

        await using var db = await BenchDb.OpenAsync();
        var grids = new List<(double Lat, double Lng)>();
        await using (var cmd = new NpgsqlCommand("""SELECT "Lat", "Lng" FROM areas WHERE length("Code") = 15 AND "Lat" IS NOT NULL""", db))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) grids.Add((r.GetDouble(0), r.GetDouble(1)));
        var categories = new List<string>();
        await using (var cmd = new NpgsqlCommand("""SELECT "Code" FROM disposal_models WHERE "IsCurrent" """, db))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) categories.Add(r.GetString(0));

        // Warm-up until tiered compilation has settled (it takes a few thousand requests), connection pools, plans.
        await HttpPhaseAsync(http, grids, categories, clients, TimeSpan.FromSeconds(WarmUpSeconds));
        // Which rows one intake writes: counted over a short run after the warm-up.
        var before = await CountAsync(db);
        var counted = await HttpPhaseAsync(http, grids, categories, clients, TimeSpan.FromSeconds(5));
        var after = await CountAsync(db);
        var perCase = Tables.ToDictionary(t => t, t => (int)Math.Round((double)(after[t] - before[t]) / counted.Count));
        Console.WriteLine($"rows per intake: {string.Join(", ", perCase.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}"))}");
        var templates = await TemplatesAsync(db, perCase);

        // The raw runs bracket the HTTP run (before and after it), so neither side alone meets a busier moment of the
        // machine or a table grown by the other; each rate is the mean of its two runs.
        await RawPhaseAsync(templates, clients, TimeSpan.FromSeconds(5), prepared: false); // warm-up
        await RawPhaseAsync(templates, clients, TimeSpan.FromSeconds(5), prepared: true);
        var raw1 = await RawPhaseAsync(templates, clients, TimeSpan.FromSeconds(seconds), prepared: false);
        var prepared1 = await RawPhaseAsync(templates, clients, TimeSpan.FromSeconds(seconds), prepared: true);
        var cpuBefore = MachineCpu.Read();
        var appBefore = AppCpu(app);
        var httpRun = await HttpPhaseAsync(http, grids, categories, clients, TimeSpan.FromSeconds(seconds));
        var machineUs = (MachineCpu.Read() - cpuBefore).TotalMicroseconds / Math.Max(1, httpRun.Count);
        var appUs = (AppCpu(app) - appBefore).TotalMicroseconds / Math.Max(1, httpRun.Count);
        var prepared2 = await RawPhaseAsync(templates, clients, TimeSpan.FromSeconds(seconds), prepared: true);
        var raw2 = await RawPhaseAsync(templates, clients, TimeSpan.FromSeconds(seconds), prepared: false);
        var raw = Mean(raw1, raw2);
        var rawPrepared = Mean(prepared1, prepared2);
        Console.WriteLine($"raw runs (before, after the HTTP run): {Rate(raw1):N0}, {Rate(raw2):N0}/s; prepared: {Rate(prepared1):N0}, {Rate(prepared2):N0}/s");

        var httpRate = httpRun.Count / httpRun.Elapsed.TotalSeconds;
        var rawRate = raw.Count / raw.Elapsed.TotalSeconds;
        var preparedRate = rawPrepared.Count / rawPrepared.Elapsed.TotalSeconds;
        Console.WriteLine($"clients: {clients}, seconds: {seconds}");
        Console.WriteLine($"HTTP intake: {httpRun.Count:N0} cases in {httpRun.Elapsed.TotalSeconds:N1} s = {httpRate:N0}/s " +
            $"(p50 {httpRun.P50:N1} ms, p99 {httpRun.P99:N1} ms, errors {httpRun.Errors})");
        Console.WriteLine($"CPU per HTTP intake: {machineUs:N0} µs of the machine (all processes), {appUs:N0} µs of the app");
        Console.WriteLine($"raw INSERT:  {raw.Count:N0} cases in {raw.Elapsed.TotalSeconds:N1} s = {rawRate:N0}/s (p50 {raw.P50:N1} ms, p99 {raw.P99:N1} ms, {CpuUs(raw):N0} µs CPU per case)");
        Console.WriteLine($"raw INSERT, prepared: {rawPrepared.Count:N0} cases in {rawPrepared.Elapsed.TotalSeconds:N1} s = {preparedRate:N0}/s " +
            $"(p50 {rawPrepared.P50:N1} ms, p99 {rawPrepared.P99:N1} ms, {CpuUs(rawPrepared):N0} µs CPU per case)");
        Console.WriteLine($"ratio HTTP / raw: {httpRate / rawRate:N2}");
        Console.WriteLine($"ratio HTTP / raw prepared: {httpRate / preparedRate:N2}");
        if (httpRun.Errors > 0) Environment.ExitCode = 1;

        // Leave the cases to the query benchmarks that follow on the same database: only the generated ones count there.
        await using var clean = new NpgsqlCommand("""DELETE FROM cases WHERE "Number" LIKE @raw OR "Description" = @marker""", db) { CommandTimeout = 0 };
        clean.Parameters.AddWithValue("raw", $"R{RunId}%");
        clean.Parameters.AddWithValue("marker", Marker);
        Console.WriteLine($"removed the {await clean.ExecuteNonQueryAsync():N0} cases this run wrote");
    }

    sealed record Run(int Count, TimeSpan Elapsed, double P50, double P99, int Errors, TimeSpan MachineCpu = default);

    static async Task<Run> HttpPhaseAsync(HttpClient http, List<(double Lat, double Lng)> grids, List<string> categories, int clients, TimeSpan duration)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        var watch = Stopwatch.StartNew();
        // The bodies are serialised once, and sent with their length as a phone or a browser sends a form's JSON:
        // PostAsJsonAsync serialised each one again and sent it chunked, load-client work the app then had to undo.
        var bodies = grids.SelectMany(g => categories.Select(c => JsonSerializer.SerializeToUtf8Bytes(
            new { category = c, description = Marker, lat = g.Lat, lng = g.Lng, channel = "GridPatrol" }))).ToArray();
        var json = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async w =>
        {
            var rnd = new Random(w);
            var mine = latencies[w] = [];
            while (watch.Elapsed < duration)
            {
                using var content = new ByteArrayContent(bodies[rnd.Next(bodies.Length)]);
                content.Headers.ContentType = json;
                var t = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/api/cases", content);
                if (!response.IsSuccessStatusCode)
                {
                    if (Interlocked.Increment(ref errors) <= 3) Console.Error.WriteLine($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }));
        return Summarise(latencies, watch.Elapsed, errors);
    }

    /// <summary>GONGZHI_BENCH_WARMUP seconds (default 60) of load before the measured run: a fresh process needs tens of thousands of calls before tiered compilation has settled on two cores shared with the database.</summary>
    static int WarmUpSeconds => int.TryParse(Environment.GetEnvironmentVariable("GONGZHI_BENCH_WARMUP"), out var s) ? s : 60;

    static string Marker => "压测上报 " + RunId + "：路面有问题需要处理";

    static long _serial;
    static readonly string RunId = Random.Shared.Next(0x1000000).ToString("x6"); // numbers unique across runs on one database

    sealed record Template(string Table, string[] Columns, object[] Values);

    static async Task<List<Template>> TemplatesAsync(NpgsqlConnection db, Dictionary<string, int> perCase)
    {
        // The newest case written over HTTP and, for the other tables, the newest rows of as many as one intake wrote.
        var list = new List<Template>();
        foreach (var (table, n) in perCase.Where(kv => kv.Value > 0))
        {
            var order = table == "audit_log" || table == "notifications" || table == "case_events" ? "\"At\" DESC, \"Id\" DESC" : "\"ReportedAt\" DESC";
            await using var cmd = new NpgsqlCommand($"SELECT * FROM {table} ORDER BY {order} LIMIT {n}", db);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var cols = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
                var values = new object[r.FieldCount];
                r.GetValues(values);
                list.Add(new Template(table, cols, values));
            }
        }
        return list;
    }

    /// <param name="prepared">Statements prepared on reuse (Npgsql Max Auto Prepare), as the app's intake writer prepares its own.</param>
    static async Task<Run> RawPhaseAsync(List<Template> templates, int clients, TimeSpan duration, bool prepared)
    {
        var latencies = new List<double>[clients];
        var watch = Stopwatch.StartNew();
        var cs = new NpgsqlConnectionStringBuilder(BenchDb.ConnectionString()) { MaxAutoPrepare = prepared ? 32 : 0 }.ConnectionString;
        var cpu = MachineCpu.Read();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async w =>
        {
            var mine = latencies[w] = [];
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            while (watch.Elapsed < duration)
            {
                var caseId = Guid.CreateVersion7();
                var number = $"R{RunId}{Interlocked.Increment(ref _serial):D9}";
                await using var batch = new NpgsqlBatch(conn);
                foreach (var t in templates)
                {
                    var cmd = new NpgsqlBatchCommand(
                        $"INSERT INTO {t.Table} ({string.Join(", ", t.Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", t.Columns.Select((_, i) => $"${i + 1}"))})");
                    for (var i = 0; i < t.Columns.Length; i++)
                    {
                        object value = (t.Table, t.Columns[i]) switch
                        {
                            ("cases", "Id") => caseId,
                            ("cases", "Number") => number,
                            (_, "CaseId") => caseId,
                            (_, "Id") => Guid.CreateVersion7(),
                            ("audit_log", "EntityId") => caseId.ToString(),
                            _ => t.Values[i],
                        };
                        cmd.Parameters.Add(new NpgsqlParameter { Value = value });
                    }
                    batch.BatchCommands.Add(cmd);
                }
                var start = Stopwatch.GetTimestamp();
                await batch.ExecuteNonQueryAsync();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }));
        return Summarise(latencies, watch.Elapsed, 0) with { MachineCpu = MachineCpu.Read() - cpu };
    }

    static TimeSpan AppCpu(Process app)
    {
        app.Refresh();
        return app.TotalProcessorTime;
    }

    /// <summary>Busy CPU time of the whole machine (all cores) from /proc/stat: user, nice, system, irq, softirq, steal.</summary>
    static class MachineCpu
    {
        public static TimeSpan Read()
        {
            if (!File.Exists("/proc/stat")) return TimeSpan.Zero;
            var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int i) => long.Parse(f[i], System.Globalization.CultureInfo.InvariantCulture);
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
            return TimeSpan.FromSeconds(busy / 100.0); // USER_HZ
        }
    }

    static double Rate(Run r) => r.Count / r.Elapsed.TotalSeconds;

    /// <summary>Two runs as one: their counts and times added, the percentiles of the slower.</summary>
    static Run Mean(Run a, Run b) => new(a.Count + b.Count, a.Elapsed + b.Elapsed, Math.Max(a.P50, b.P50), Math.Max(a.P99, b.P99), a.Errors + b.Errors, a.MachineCpu + b.MachineCpu);

    static double CpuUs(Run r) => r.MachineCpu.TotalMicroseconds / Math.Max(1, r.Count);

    static Run Summarise(List<double>[] latencies, TimeSpan elapsed, int errors)
    {
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double At(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new Run(all.Length, elapsed, At(0.5), At(0.99), errors);
    }

    static async Task<Dictionary<string, long>> CountAsync(NpgsqlConnection db)
    {
        var counts = new Dictionary<string, long>();
        foreach (var t in Tables)
            counts[t] = (long)(await new NpgsqlCommand($"SELECT count(*) FROM {t}", db).ExecuteScalarAsync())!;
        return counts;
    }

    internal static Process StartApp(int port)
    {
        var root = FindRepoRoot();
        var web = Path.Combine(root, "src", "Gongzhi.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "Gongzhi.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: dotnet build -c Release src/Gongzhi.Web");
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"]) { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging"; // not Development (no developer exception page), not Production (the demo accounts and grids are seeded)
        psi.Environment["Database__Provider"] = "Postgres";
        psi.Environment["ConnectionStrings__Gongzhi"] = BenchDb.ConnectionString();
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__Gongzhi.Web.Modules.Registry.PeopleImport"] = "Debug"; // the import's own timings
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is { } line) Console.WriteLine("  app: " + line); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("  app: " + line); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    internal static async Task WaitReadyAsync(HttpClient http, Process app)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (app.HasExited) throw new InvalidOperationException($"the app exited with code {app.ExitCode}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        throw new TimeoutException("the app did not become healthy in 5 minutes");
    }

    internal static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gongzhi.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Gongzhi.slnx not found above " + AppContext.BaseDirectory);
    }
}
