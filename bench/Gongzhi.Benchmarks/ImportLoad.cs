using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Gongzhi.Benchmarks;

/// <summary>
/// Bulk import of people (issue 5, RG-4) against <c>psql \copy</c> of the same CSV file, in the same run, on the same
/// PostgreSQL server.
/// <list type="number">
/// <item>Writes a CSV of <c>rows</c> people in the import template's columns: valid GB 11643 ID numbers (all distinct),
/// phones, buildings of the whole demo district, households of three (one head each), a few tags.</item>
/// <item><c>psql \copy</c> loads the file into a table of text columns (logged, like <c>people</c>).</item>
/// <item>The real app (Release, its own process) imports the same file over HTTP as the district admin
/// (POST /api/registry/import/people, text/csv body): both passes, every check, encryption, households, people and
/// their audit rows in one transaction. The app's peak resident memory is read from <c>/proc/PID/status</c> (VmHWM,
/// reset just before the import through <c>/proc/PID/clear_refs</c>).</item>
/// </list>
/// A warm-up import of 10,000 other people runs first (JIT, connection pool, key ring). Prints both rates, their ratio and the peak memory.
/// </summary>
static class ImportLoad
{
    const string Header = "姓名,身份证号,性别,出生日期,手机号,楼栋编码,房号,是否户主,地址,户籍状态,政治面貌,标签";

    public static async Task RunAsync(int rows)
    {
        var port = IntakeLoad.FreePort();
        var app = IntakeLoad.StartApp(port);
        var dir = Directory.CreateTempSubdirectory("gongzhi-import-");
        try
        {
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromHours(1) };
            await IntakeLoad.WaitReadyAsync(http, app);
            var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "admin@gongzhi.local", password = "Gongzhi@2026" });
            login.EnsureSuccessStatusCode();
            http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

            List<string> buildings = [];
            await using (var db = await BenchDb.OpenAsync())
            await using (var cmd = new NpgsqlCommand("""SELECT "Code" FROM areas WHERE length("Code") = 18 ORDER BY "Code" """, db))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) buildings.Add(r.GetString(0));
            Console.WriteLine($"{buildings.Count} buildings in the demo district");

            var warm = Path.Combine(dir.FullName, "warm.csv");
            var file = Path.Combine(dir.FullName, "people.csv");
            Write(warm, 10_000, offset: 5_000_000, buildings);
            var watch = Stopwatch.StartNew();
            Write(file, rows, offset: 0, buildings);
            Console.WriteLine($"wrote {rows:N0} rows ({new FileInfo(file).Length / 1048576.0:N1} MB) in {watch.Elapsed.TotalSeconds:N1} s");

            var copy = await CopyAsync(file);
            Console.WriteLine($"psql \\copy: {rows:N0} rows in {copy.TotalSeconds:N2} s = {rows / copy.TotalSeconds:N0} rows/s");

            await PostAsync(http, warm);
            Console.WriteLine($"app resident memory before the import: {ReadKb(app.Id, "VmRSS:") / 1024.0:N0} MB");
            ResetPeak(app.Id);
            using var sampler = new PeakSampler(app.Id);
            watch.Restart();
            var result = await PostAsync(http, file);
            var import = watch.Elapsed;
            var peak = Math.Max(sampler.Stop(), ReadKb(app.Id, "VmHWM:"));
            Console.WriteLine($"import over HTTP: {result}");
            Console.WriteLine($"import over HTTP: {rows:N0} rows in {import.TotalSeconds:N2} s = {rows / import.TotalSeconds:N0} rows/s");
            Console.WriteLine($"ratio import/\\copy: {copy.TotalSeconds / import.TotalSeconds:N2}x (goal >= 0.5x)");
            Console.WriteLine($"app peak resident memory during the import: {peak / 1024.0:N0} MB (goal < 500 MB)");
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }

    static void Write(string path, int rows, int offset, List<string> buildings)
    {
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
        string[] given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"];
        string[] tags = ["", "", "", "", "", "", "", "独居老人", "低保", "残疾人"];
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        w.Write(Header);
        w.Write('\n');
        var sb = new StringBuilder(200);
        for (var i = 0; i < rows; i++)
        {
            var n = offset + i;
            var building = buildings[i % buildings.Count];
            var k = i / buildings.Count; // the k-th person of this building: households of three
            var born = new DateOnly(1940, 1, 1).AddDays(n / 997 % 25000);
            var first17 = "110105" + born.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (n % 997).ToString("000", CultureInfo.InvariantCulture);
            sb.Clear()
                .Append(surnames[n % 10]).Append(given[n / 10 % 10]).Append(n % 1000).Append(',')
                .Append(first17).Append(CheckCharacter(first17)).Append(",,,")
                .Append("139").Append((10_000_000 + n % 90_000_000).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(building).Append(',').Append(offset / 1000 + k / 3 + 1000).Append(',').Append(k % 3 == 0 ? "是" : "否").Append(',')
                .Append(',').Append(n % 5 == 0 ? "常住" : "户籍").Append(',').Append(n % 12 == 0 ? "中共党员" : "群众").Append(',').Append(tags[n % 10]);
            w.Write(sb);
            w.Write('\n');
        }
    }

    static char CheckCharacter(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * weights[i];
        return "10X98765432"[sum % 11];
    }

    static async Task<TimeSpan> CopyAsync(string file)
    {
        var psql = Path.Combine(Environment.GetEnvironmentVariable("PG_BIN") ?? throw new InvalidOperationException("PG_BIN is not set (run through scripts/with-postgres.sh)"), "psql");
        var port = Environment.GetEnvironmentVariable("PG_PORT") ?? "5432";
        async Task Psql(string command)
        {
            var psi = new ProcessStartInfo(psql, ["-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", BenchDb.Database, "-v", "ON_ERROR_STOP=1", "-qc", command])
                { RedirectStandardError = true };
            psi.Environment["PGPASSWORD"] = "postgres";
            using var p = Process.Start(psi)!;
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new InvalidOperationException("psql failed: " + await p.StandardError.ReadToEndAsync());
        }
        await Psql("DROP TABLE IF EXISTS import_raw; CREATE TABLE import_raw (姓名 text, 身份证号 text, 性别 text, 出生日期 text, 手机号 text, 楼栋编码 text, 房号 text, " +
                   "是否户主 text, 地址 text, 户籍状态 text, 政治面貌 text, 标签 text)");
        var watch = Stopwatch.StartNew();
        await Psql($"\\copy import_raw FROM '{file}' WITH (FORMAT csv, HEADER true)");
        return watch.Elapsed;
    }

    static async Task<string> PostAsync(HttpClient http, string file)
    {
        await using var stream = File.OpenRead(file);
        var content = new StreamContent(stream, 1 << 20);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var response = await http.PostAsync("/api/registry/import/people", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"import failed: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        return body;
    }

    static void ResetPeak(int pid)
    {
        try { File.WriteAllText($"/proc/{pid}/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Console.WriteLine("(could not reset VmHWM: the sampled peak is used)"); }
    }

    static long ReadKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }

    /// <summary>Samples the process's resident memory every 50 ms (in case VmHWM could not be reset).</summary>
    sealed class PeakSampler : IDisposable
    {
        readonly CancellationTokenSource _stop = new();
        readonly Task _task;
        long _peak;

        public PeakSampler(int pid) => _task = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, ReadKb(pid, "VmRSS:"));
                try { await Task.Delay(50, _stop.Token); } catch (OperationCanceledException) { }
            }
        });

        public long Stop()
        {
            _stop.Cancel();
            _task.Wait();
            return _peak;
        }

        public void Dispose() => _stop.Cancel();
    }
}
