using System.Globalization;
using System.Threading.Channels;
using CsvHelper;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Files;
using Gongzhi.Web.Platform.Http;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using NpgsqlTypes;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// Bulk import of people and their households (RG-4) from CSV or Excel. Two passes over the uploaded file, which never
/// sits in memory whole: the first checks every row (GB 11643, phone, building in the caller's write scope, tags, the
/// same ID number twice in the file or already registered, two heads of one household) and writes the rejected rows
/// with their reasons to a sheet; only when no row is rejected does the second pass write every row — households first,
/// then people, then their audit rows — in one transaction (PostgreSQL: binary COPY; SQLite: batched inserts).
/// </summary>
public static class PeopleImport
{
    /// <summary>The template's columns (Chinese, with English aliases accepted on import).</summary>
    public static readonly (string Zh, string En)[] Columns =
    [
        ("姓名", "Name"), ("身份证号", "IdNumber"), ("性别", "Gender"), ("出生日期", "BirthDate"), ("手机号", "Phone"), ("楼栋编码", "AreaCode"),
        ("房号", "Room"), ("是否户主", "Head"), ("地址", "Address"), ("户籍状态", "Residence"), ("政治面貌", "Political"), ("标签", "Tags"),
    ];

    /// <summary>How many rejected rows the problem lists; all of them are in the rejected-rows sheet.</summary>
    public const int RejectedListed = 200;

    const int Chunk = 2048;

    public sealed record Result(Guid ImportId, int People, int Households);

    static readonly Dictionary<string, Residence> Residences = new(StringComparer.OrdinalIgnoreCase)
    {
        ["户籍"] = Residence.Registered, ["户籍人口"] = Residence.Registered, ["常住"] = Residence.Resident, ["常住人口"] = Residence.Resident,
        ["流动"] = Residence.Floating, ["流动人口"] = Residence.Floating,
        [nameof(Residence.Registered)] = Residence.Registered, [nameof(Residence.Resident)] = Residence.Resident, [nameof(Residence.Floating)] = Residence.Floating,
    };

    static readonly Dictionary<string, Political> Politicals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["群众"] = Political.Masses, ["中共党员"] = Political.PartyMember, ["党员"] = Political.PartyMember, ["中共预备党员"] = Political.ProbationaryMember,
        ["预备党员"] = Political.ProbationaryMember, ["共青团员"] = Political.LeagueMember, ["团员"] = Political.LeagueMember, ["民主党派"] = Political.DemocraticParty,
        [nameof(Political.Masses)] = Political.Masses, [nameof(Political.PartyMember)] = Political.PartyMember,
        [nameof(Political.ProbationaryMember)] = Political.ProbationaryMember, [nameof(Political.LeagueMember)] = Political.LeagueMember,
        [nameof(Political.DemocraticParty)] = Political.DemocraticParty,
    };

    public static string ResidenceLabel(Residence r) => r switch { Residence.Resident => "常住", Residence.Floating => "流动", _ => "户籍" };

    public static string PoliticalLabel(Political p) => p switch
    {
        Political.PartyMember => "中共党员", Political.ProbationaryMember => "中共预备党员", Political.LeagueMember => "共青团员",
        Political.DemocraticParty => "民主党派", _ => "群众",
    };

    /// <summary>One checked row: everything a person needs except the encrypted forms.</summary>
    sealed class Row
    {
        public int Number;
        public required string Name;
        public string? IdNumber;
        public Gender? Gender;
        public DateOnly? BirthDate;
        public string? Phone;
        public required string Area;
        public (string, string)? Household;
        public bool Head;
        public string? Address;
        public Residence Residence;
        public Political Political;
        public string Tags = "";
    }

    sealed class Slot
    {
        public Guid Id;
        public bool Exists;
        public Guid? Head;
        public int HeadRow;
    }

    /// <summary>What the first pass learns and the second pass uses.</summary>
    sealed class State(Caller caller, DateOnly today, byte[] hashKey, int expectedRows)
    {
        public readonly Caller Caller = caller;
        public readonly DateOnly Today = today;
        public readonly byte[] HashKey = hashKey;
        public readonly HashSet<string> Writable = new(StringComparer.Ordinal);
        public readonly Dictionary<string, bool> Known = new(StringComparer.Ordinal);
        public readonly HashSet<string> Tags = new(StringComparer.Ordinal);
        // Sized from the file's length up front: a table grown by doubling leaves its old arrays on the large object heap.
        public readonly HashSet<UInt128> Seen = new(expectedRows);
        public readonly Dictionary<(string, string), Slot> Households = new(expectedRows / 3);
        public readonly HashSet<string> BuildingsLoaded = new(StringComparer.Ordinal);
        public readonly Dictionary<int, Guid> HeadIds = new(expectedRows / 3);
    }

    /// <summary>
    /// Imports <paramref name="file"/> (seekable: it is read twice) as <paramref name="fileName"/>'s format. Throws a
    /// <see cref="RejectedRowsException"/> (400, nothing written) listing the first rejected rows and naming the sheet of all
    /// of them, or a 400 problem for a wrong format or headers.
    /// </summary>
    public static async Task<Result> ImportAsync(GongzhiDb db, AuditInterceptor audit, PersonalData pd, FileStore files, TimeProvider clock, Caller caller,
        IStringLocalizer l, ILogger log, Stream file, string fileName, CancellationToken ct)
    {
        if (!caller.CanAnywhere(Permission.RegistryWrite)) throw new DomainException("forbidden", "Not allowed") { Status = 403 };
        if (Path.GetExtension(fileName).ToLowerInvariant() is not (".csv" or ".txt" or ".xlsx"))
            throw new DomainException("import.format", "Upload a .csv or .xlsx file", Path.GetExtension(fileName)) { Status = 400 }; // JSON would be parsed whole
        // One people import at a time per node: each holds a hash per row and a file on disk, and they would only queue on the database.
        if (!await Gate.WaitAsync(0, ct)) throw DomainException.Conflict("import.busy", "Another import is running; try again when it has finished");
        try
        {
            return await RunAsync(db, audit, pd, files, clock, caller, l, log, file, fileName, ct);
        }
        finally
        {
            Gate.Release();
        }
    }

    static readonly SemaphoreSlim Gate = new(1, 1);

    static async Task<Result> RunAsync(GongzhiDb db, AuditInterceptor audit, PersonalData pd, FileStore files, TimeProvider clock, Caller caller,
        IStringLocalizer l, ILogger log, Stream file, string fileName, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        await pd.ReadyAsync(ct);
        // Pass 1: check every row; write the rejected ones (with reasons) to a sheet.
        var table = Tabular.Read(file, fileName);
        var columns = table.TemplateColumns(Columns, ["姓名", "楼栋编码"]);
        var expectedRows = (int)Math.Clamp(file.Length / 80, 1024, 2_000_000); // a person's row is some 80–120 bytes of CSV; sized once the headers are right
        var state = new State(caller, DateOnly.FromDateTime(now.ToCst().DateTime), await pd.HashKeyAsync(ct), expectedRows);
        foreach (var prefix in caller.ScopeFor(Permission.RegistryWrite))
            state.Writable.UnionWith(await AreaNames.GridAndBuildingCodesAsync(db, prefix, ct));
        state.Tags.UnionWith(await db.Set<RegistryTag>().Select(t => t.Code).ToListAsync(ct));
        var rows = 0;
        var rejected = new List<RejectedRow>();
        var rejectedCount = 0;
        RejectedSheet? sheet = null;
        try
        {
            foreach (var chunk in table.Records.Chunk(Chunk))
            {
                var parsed = new (Row? Row, List<string> Reasons, string?[] Raw)[chunk.Length];
                for (var i = 0; i < chunk.Length; i++)
                {
                    var reasons = new List<string>();
                    var row = await ParseAsync(db, state, columns, chunk[i], ++rows, reasons, ct);
                    parsed[i] = (row, reasons, chunk[i]);
                }
                await CheckRegisteredAsync(db, state, parsed, ct);
                await CheckHouseholdsAsync(db, state, parsed, ct);
                for (var i = 0; i < parsed.Length; i++)
                {
                    var (row, reasons, raw) = parsed[i];
                    if (reasons.Count == 0) continue;
                    var number = rows - parsed.Length + i + 1;
                    rejectedCount++;
                    if (rejected.Count < RejectedListed) rejected.Add(new RejectedRow(number, Cell(raw, columns["姓名"]), reasons));
                    sheet ??= RejectedSheet.Create(files, caller, l, table.Headers,
                        columns["身份证号"], columns["手机号"]);
                    sheet.Write(number, raw, reasons);
                }
            }
        }
        catch
        {
            sheet?.Dispose();
            if (sheet is not null) files.DeleteGenerated(sheet.Path); // a half-written sheet helps nobody
            sheet = null;
            throw;
        }
        finally
        {
            sheet?.Dispose();
        }
        if (rows == 0) throw new DomainException("import.empty", "The file has no rows") { Status = 400 };
        if (rejectedCount > 0)
            throw new RejectedRowsException("import.rejected", rejected, rejectedCount) { File = sheet!.Url };

        // Pass 2: every row is good; write them all in one transaction.
        var checkedIn = watch.Elapsed;
        file.Position = 0;
        var importId = Guid.CreateVersion7();
        var newHouseholds = state.Households.Where(h => !h.Value.Exists)
            .Select(h => new Household { Id = h.Value.Id, AreaCode = h.Key.Item1, Room = h.Key.Item2, HeadPersonId = h.Value.Head, CreatedAt = now });
        var newHouseholdCount = state.Households.Count(h => !h.Value.Exists);
        // Heads this file names for households that exist already (not the heads they have).
        var headsOfExisting = state.Households.Where(h => h.Value.Exists && h.Value.HeadRow > 0).Select(h => (h.Value.Id, h.Value.Head!.Value)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct); // stops the reader when the writer fails
        try
        {
            var people = Produce(pd, state, columns, Tabular.Read(file, fileName), now, stop.Token);
            var written = db.Database.IsNpgsql()
                ? await WritePostgresAsync(db, log, caller, now, importId, fileName, newHouseholds, headsOfExisting, people, ct)
                : await WriteEfAsync(db, audit, caller, now, importId, fileName, newHouseholds, headsOfExisting, people, ct);
            log.LogInformation("People import {ImportId} of {File}: {Rows} rows checked in {Check} ms, written in {Write} ms ({Households} new households)",
                importId, fileName, written, (long)checkedIn.TotalMilliseconds, (long)(watch.Elapsed - checkedIn).TotalMilliseconds, newHouseholdCount);
            return new Result(importId, written, newHouseholdCount);
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    static string? Cell(string?[] raw, int at) => at >= 0 && at < raw.Length ? raw[at] : null;

    /// <summary>Pass 1's parse: <see cref="Parse"/>, then an area outside the caller's writable set is told apart as unknown or out of scope.</summary>
    static async Task<Row?> ParseAsync(GongzhiDb db, State state, Dictionary<string, int> columns, string?[] raw, int number,
        List<string> reasons, CancellationToken ct)
    {
        var row = Parse(state, columns, raw, number, reasons, firstPass: true);
        var at = reasons.IndexOf(Unwritable);
        if (at >= 0)
        {
            var area = Cell(raw, columns["楼栋编码"])!.Trim();
            if (!state.Known.TryGetValue(area, out var exists))
                state.Known[area] = exists = await AreaNames.ExistsAsync(db, area, ct) && (area.Length == 18 || await AreaNames.IsGridAsync(db, area, ct));
            reasons[at] = exists ? "area.scope" : "registry.area";
        }
        return row;
    }

    const string Unwritable = "\0unwritable";

    /// <summary>Checks one row without the database (areas against the caller's writable set, tags against the known ones).</summary>
    static Row? Parse(State state, Dictionary<string, int> columns, string?[] raw, int number, List<string> reasons, bool firstPass)
    {
        string? Get(string zh) => Cell(raw, columns[zh]) is { } v && v.Trim() is { Length: > 0 } t ? t : null;

        var name = Get("姓名");
        if (name is null || name.Length > 50) reasons.Add("registry.name");
        var area = Get("楼栋编码") ?? "";
        if (area.Length is not (15 or 18) || !area.All(char.IsAsciiDigit)) reasons.Add("registry.area");
        else if (state.Writable.TryGetValue(area, out var known)) area = known; // one string per building, not one per row
        else reasons.Add(Unwritable);

        string? idNumber = null;
        if (Get("身份证号") is { } id)
        {
            idNumber = IdNumber.Normalise(id);
            if (IdNumber.Validate(idNumber, state.Today) is { } problem) { reasons.Add("registry.idnumber." + problem.ToString().ToLowerInvariant()); idNumber = null; }
        }
        Gender? gender = null;
        if (Get("性别") is { } g)
        {
            gender = g switch { "男" or "Male" or "male" or "M" => Gender.Male, "女" or "Female" or "female" or "F" => Gender.Female, _ => null };
            if (gender is null) reasons.Add("registry.gender");
        }
        DateOnly? birth = null;
        if (Get("出生日期") is { } b)
        {
            string[] formats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyyMMdd", "yyyy.M.d"];
            if (DateOnly.TryParseExact(b.Split(' ')[0], formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year >= 1900 && d <= state.Today) birth = d;
            else reasons.Add("registry.birthdate");
        }
        string? phone = null;
        if (Get("手机号") is { } ph)
        {
            phone = new string([.. ph.Where(c => !char.IsWhiteSpace(c) && c != '-')]);
            if (phone.Length is < 7 or > 15 || !phone.All(char.IsAsciiDigit)) { reasons.Add("registry.phone"); phone = null; }
        }
        var room = Get("房号");
        if (room is { Length: > 20 }) reasons.Add("registry.room");
        if (room is not null && area.Length != 18) reasons.Add("registry.import.room");
        var head = Get("是否户主")?.ToLowerInvariant() switch { null or "否" or "n" or "no" or "false" or "0" => (bool?)false, "是" or "y" or "yes" or "true" or "1" => true, _ => null };
        if (head is null) reasons.Add("registry.import.head");
        else if (head == true && room is null) reasons.Add("registry.import.room");
        var address = Get("地址");
        if (address is { Length: > 200 }) reasons.Add("registry.address");
        var residence = Residence.Registered;
        if (Get("户籍状态") is { } r && !Residences.TryGetValue(r, out residence)) reasons.Add("registry.residence");
        var political = Political.Masses;
        if (Get("政治面貌") is { } p && !Politicals.TryGetValue(p, out political)) reasons.Add("registry.political");
        var tags = (Get("标签") ?? "").Split(['、', ',', '，', ';', '；', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var t in tags)
            if (!state.Tags.Contains(t)) { reasons.Add("registry.tag"); break; }
        if (!reasons.Contains("registry.tag") && Person.JoinTags(tags).Length > 400) reasons.Add("registry.tag");

        if (idNumber is not null && firstPass)
        {
            var key = HashKey(state, idNumber);
            if (!state.Seen.Add(key)) reasons.Add("registry.import.duplicate");
        }
        if (reasons.Count > 0) return null;
        return new Row
        {
            Number = number, Name = name!, IdNumber = idNumber, Gender = gender, BirthDate = birth, Phone = phone, Area = area,
            Household = room is null ? null : (area, room), Head = head == true, Address = address, Residence = residence, Political = political,
            Tags = Person.JoinTags(tags),
        };
    }

    static UInt128 HashKey(State state, string idNumber)
    {
        var hex = PersonalData.Hash(state.HashKey, idNumber);
        return UInt128.Parse(hex.AsSpan(0, 32), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>Rejects the rows whose ID number is registered already (one query per chunk).</summary>
    static async Task CheckRegisteredAsync(GongzhiDb db, State state, (Row? Row, List<string> Reasons, string?[] Raw)[] parsed, CancellationToken ct)
    {
        var byHash = parsed.Where(p => p.Row?.IdNumber is not null).ToDictionary(p => PersonalData.Hash(state.HashKey, p.Row!.IdNumber!), p => p.Reasons);
        if (byHash.Count == 0) return;
        var hashes = byHash.Keys.ToList();
        foreach (var found in await db.Set<Person>().AsNoTracking().Where(p => hashes.Contains(p.IdNumberHash!)).Select(p => p.IdNumberHash!).ToListAsync(ct))
            byHash[found].Add("registry.import.registered");
    }

    /// <summary>Finds or plans each row's household and its head; two heads for one household reject the second.</summary>
    static async Task CheckHouseholdsAsync(GongzhiDb db, State state, (Row? Row, List<string> Reasons, string?[] Raw)[] parsed, CancellationToken ct)
    {
        var buildings = parsed.Select(p => p.Row?.Household?.Item1).OfType<string>().Where(state.BuildingsLoaded.Add).Distinct().ToList();
        if (buildings.Count > 0)
            foreach (var h in await db.Set<Household>().AsNoTracking().Where(h => buildings.Contains(h.AreaCode)).Select(h => new { h.Id, h.AreaCode, h.Room, h.HeadPersonId }).ToListAsync(ct))
                state.Households[(h.AreaCode, h.Room)] = new Slot { Id = h.Id, Exists = true, Head = h.HeadPersonId, HeadRow = h.HeadPersonId is null ? 0 : -1 };
        foreach (var (row, reasons, _) in parsed)
        {
            if (row?.Household is not { } key) continue;
            if (!state.Households.TryGetValue(key, out var slot)) state.Households[key] = slot = new Slot { Id = Guid.CreateVersion7() };
            if (!row.Head) continue;
            if (slot.Head is not null) { reasons.Add("registry.import.twoheads"); continue; }
            slot.Head = state.HeadIds[row.Number] = Guid.CreateVersion7();
            slot.HeadRow = row.Number;
        }
    }

    /// <summary>The second pass: people in chunks, encrypted on every core, one chunk ahead of the writer.</summary>
    static ChannelReader<Person[]> Produce(PersonalData pd, State state, Dictionary<string, int> columns, Tabular.Table table, DateTimeOffset now, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<Person[]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            try
            {
                var number = 0;
                foreach (var chunk in table.Records.Chunk(Chunk))
                {
                    var rows = new Row[chunk.Length];
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        var reasons = new List<string>();
                        number++;
                        rows[i] = Parse(state, columns, chunk[i], number, reasons, firstPass: false) ?? throw new InvalidOperationException($"Row {number} changed between the passes");
                    }
                    var people = new Person[rows.Length];
                    Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = ct }, i => people[i] = ToPerson(pd, state, rows[i], now));
                    await channel.Writer.WriteAsync(people, ct);
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, ct);
        return channel.Reader;
    }

    static Person ToPerson(PersonalData pd, State state, Row row, DateTimeOffset now)
    {
        var person = new Person
        {
            Id = row.Head && state.HeadIds.TryGetValue(row.Number, out var headId) ? headId : Guid.CreateVersion7(),
            Name = row.Name, AreaCode = row.Area, Address = row.Address, Residence = row.Residence, Political = row.Political, Tags = row.Tags,
            HouseholdId = row.Household is { } key ? state.Households[key].Id : null, CreatedAt = now, UpdatedAt = now,
        };
        People.SetIdNumber(person, pd, row.IdNumber, row.IdNumber is { } id ? PersonalData.Hash(state.HashKey, id) : null, row.Gender, row.BirthDate);
        People.SetPhone(person, pd, row.Phone);
        return person;
    }

    const string PeopleCopy = "COPY people (\"Id\", \"Name\", \"Gender\", \"BirthDate\", \"IdNumberCipher\", \"IdNumberHash\", \"IdNumberMasked\", " +
        "\"IdNumberLast4\", \"PhoneCipher\", \"PhoneMasked\", \"PhoneTail\", \"AreaCode\", \"HouseholdId\", \"Address\", \"Residence\", \"Political\", " +
        "\"Tags\", \"CreatedAt\", \"UpdatedAt\", \"Version\") FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// PostgreSQL: households and people by binary COPY, heads of households already registered by one UPDATE, and one
    /// audit row per person made by the server from the rows this transaction inserted — all in one transaction. An audit
    /// row's id is its person's (a version-7 UUID, so in time order) with the version digit 8 (RFC 9562's "custom"):
    /// unique, never equal to a generated id, and appended in order to the key's index instead of scattered over it.
    /// </summary>
    static async Task<int> WritePostgresAsync(GongzhiDb db, ILogger log, Caller caller, DateTimeOffset now, Guid importId, string fileName, IEnumerable<Household> households,
        List<(Guid Id, Guid Head)> heads, ChannelReader<Person[]> people, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var tx = await conn.BeginTransactionAsync(ct);
            var householdsStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            var householdCount = 0;
            {
                await using var w = await conn.BeginBinaryImportAsync(
                    "COPY households (\"Id\", \"AreaCode\", \"Room\", \"HeadPersonId\", \"CreatedAt\", \"Version\") FROM STDIN (FORMAT BINARY)", ct);
                foreach (var h in households)
                {
                    householdCount++;
                    w.StartRow();
                    w.Write(h.Id, NpgsqlDbType.Uuid);
                    w.Write(h.AreaCode, NpgsqlDbType.Varchar);
                    w.Write(h.Room, NpgsqlDbType.Varchar);
                    Write(w, h.HeadPersonId, NpgsqlDbType.Uuid);
                    w.Write(h.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                    w.Write(h.Version, NpgsqlDbType.Uuid);
                }
                await w.CompleteAsync(ct);
            }
            var count = 0;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var waited = TimeSpan.Zero;
            await using (var w = await conn.BeginBinaryImportAsync(PeopleCopy, ct))
            {
                while (true)
                {
                    var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
                    if (!await people.WaitToReadAsync(ct)) break;
                    waited += System.Diagnostics.Stopwatch.GetElapsedTime(waiting);
                    if (!people.TryRead(out var chunk)) continue;
                    foreach (var p in chunk)
                    {
                        w.StartRow();
                        w.Write(p.Id, NpgsqlDbType.Uuid);
                        w.Write(p.Name, NpgsqlDbType.Varchar);
                        Write(w, p.Gender?.ToString(), NpgsqlDbType.Varchar);
                        Write(w, p.BirthDate, NpgsqlDbType.Date);
                        Write(w, p.IdNumberCipher, NpgsqlDbType.Varchar);
                        Write(w, p.IdNumberHash, NpgsqlDbType.Varchar);
                        Write(w, p.IdNumberMasked, NpgsqlDbType.Varchar);
                        Write(w, p.IdNumberLast4, NpgsqlDbType.Varchar);
                        Write(w, p.PhoneCipher, NpgsqlDbType.Varchar);
                        Write(w, p.PhoneMasked, NpgsqlDbType.Varchar);
                        Write(w, p.PhoneTail, NpgsqlDbType.Varchar);
                        w.Write(p.AreaCode, NpgsqlDbType.Varchar);
                        Write(w, p.HouseholdId, NpgsqlDbType.Uuid);
                        Write(w, p.Address, NpgsqlDbType.Varchar);
                        w.Write(p.Residence.ToString(), NpgsqlDbType.Varchar);
                        w.Write(p.Political.ToString(), NpgsqlDbType.Varchar);
                        w.Write(p.Tags, NpgsqlDbType.Varchar);
                        w.Write(p.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                        w.Write(p.UpdatedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                        w.Write(p.Version, NpgsqlDbType.Uuid);
                        count++;
                    }
                }
                await w.CompleteAsync(ct);
            }
            log.LogDebug("People import {ImportId}: households in {Households} ms, people in {People} ms ({Waited} ms of it waiting for checked rows)", importId,
                (long)System.Diagnostics.Stopwatch.GetElapsedTime(householdsStarted, started).TotalMilliseconds,
                (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, (long)waited.TotalMilliseconds);
            var copied = System.Diagnostics.Stopwatch.GetTimestamp();
            await using (var cmd = conn.CreateCommand())
            {
                cmd.Transaction = tx;
                // Heads only where the household still has none (someone may have named one between the passes).
                cmd.CommandText = """
                    UPDATE households h SET "HeadPersonId" = x.head, "Version" = gen_random_uuid()
                    FROM unnest(@ids, @heads) AS x(id, head) WHERE h."Id" = x.id AND h."HeadPersonId" IS NULL
                    """;
                cmd.Parameters.AddWithValue("ids", heads.Select(h => h.Id).ToArray());
                cmd.Parameters.AddWithValue("heads", heads.Select(h => h.Head).ToArray());
                if (await cmd.ExecuteNonQueryAsync(ct) != heads.Count)
                    throw DomainException.Conflict("registry.import.conflict", "A household got a head while the file was imported; import it again");
                cmd.Parameters.Clear();
                cmd.CommandText = """
                    INSERT INTO audit_log ("Id", "At", "UserId", "UserName", "Action", "EntityType", "EntityId", "AreaCode", "Before", "After", "Reason")
                    SELECT overlay(h."Id"::text placing '8' from 15 for 1)::uuid, @now, @user, @name, 'Create', 'Household', h."Id"::text, h."AreaCode", NULL,
                           json_build_object('AreaCode', h."AreaCode", 'HeadPersonId', h."HeadPersonId", 'Id', h."Id", 'Room', h."Room")::text, @reason
                    FROM households h WHERE h.xmin = pg_current_xact_id()::xid AND h."CreatedAt" = @now;
                    INSERT INTO audit_log ("Id", "At", "UserId", "UserName", "Action", "EntityType", "EntityId", "AreaCode", "Before", "After", "Reason")
                    SELECT overlay(p."Id"::text placing '8' from 15 for 1)::uuid, @now, @user, @name, 'Create', 'Person', p."Id"::text, p."AreaCode", NULL,
                           json_build_object('Address', p."Address", 'AreaCode', p."AreaCode", 'Gender', p."Gender", 'HouseholdId', p."HouseholdId",
                                             'Id', p."Id", 'IdNumberMasked', p."IdNumberMasked", 'Name', p."Name", 'PhoneMasked', p."PhoneMasked",
                                             'Political', p."Political", 'Residence', p."Residence", 'Tags', p."Tags")::text, @reason
                    FROM people p WHERE p.xmin = pg_current_xact_id()::xid AND p."CreatedAt" = @now;
                    """;
                cmd.Parameters.AddWithValue("now", now.UtcDateTime);
                cmd.Parameters.AddWithValue("user", caller.UserId);
                cmd.Parameters.AddWithValue("name", caller.UserName);
                cmd.Parameters.AddWithValue("reason", ImportReason(importId, fileName));
                cmd.CommandTimeout = 600;
                await cmd.ExecuteNonQueryAsync(ct);
            }
            log.LogDebug("People import {ImportId}: audit rows and heads in {Ms} ms", importId, (long)System.Diagnostics.Stopwatch.GetElapsedTime(copied).TotalMilliseconds);
            db.Database.UseTransaction(tx);
            db.AuditEntries.Add(Summary(caller, now, importId, fileName, count, householdCount));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.Database.UseTransaction(null);
            return count;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
            log.LogWarning("People import {ImportId} refused by the database: {SqlState} {Constraint} {Message}", importId, e.SqlState, e.ConstraintName, e.MessageText);
            throw DomainException.Conflict("registry.import.conflict", "Some of these people or households were registered while the file was imported; import it again");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Synchronous writes: they fill Npgsql's buffer and only block to flush it; 20 awaits a row cost more than the rows.
    static void Write<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) w.Write(v, type);
        else w.WriteNull();
    }

    static void Write(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type)
    {
        if (value is not null) w.Write(value, type);
        else w.WriteNull();
    }

    /// <summary>SQLite (the demo): EF Core in batches inside one transaction, with each person's audit row as PostgreSQL's above.</summary>
    static async Task<int> WriteEfAsync(GongzhiDb db, AuditInterceptor audit, Caller caller, DateTimeOffset now, Guid importId, string fileName, IEnumerable<Household> households,
        List<(Guid Id, Guid Head)> heads, ChannelReader<Person[]> people, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var count = 0;
        try
        {
            var householdCount = 0;
            foreach (var batch in households.Chunk(Chunk))
            {
                db.AddRange(batch);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                householdCount += batch.Length;
            }
            db.ChangeTracker.Clear();
            audit.Paused = true; // the rows below are audited as on PostgreSQL: one row per person, naming the import
            var reason = ImportReason(importId, fileName);
            await foreach (var chunk in people.ReadAllAsync(ct))
            {
                db.AddRange(chunk);
                db.AuditEntries.AddRange(chunk.Select(p => new AuditEntry
                {
                    At = now, UserId = caller.UserId, UserName = caller.UserName, Action = AuditAction.Create, EntityType = nameof(Person), EntityId = p.Id.ToString(),
                    AreaCode = p.AreaCode, After = AuditJson(p), Reason = reason,
                }));
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                count += chunk.Length;
            }
            audit.Paused = false;
            foreach (var (id, head) in heads)
            {
                var h = await db.Set<Household>().SingleAsync(x => x.Id == id, ct);
                h.HeadPersonId = head;
                h.Version = Guid.NewGuid();
            }
            db.AuditEntries.Add(Summary(caller, now, importId, fileName, count, householdCount));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("registry.import.conflict", "Some of these people or households were registered while the file was imported; import it again");
        }
        finally
        {
            audit.Paused = false;
            db.ChangeTracker.Clear();
        }
        return count;
    }

    static readonly System.Text.Json.JsonSerializerOptions AuditJsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An imported person's audit row: the masked fields, as the SQL of the PostgreSQL writer builds them.</summary>
    static string AuditJson(Person p) => System.Text.Json.JsonSerializer.Serialize(new SortedDictionary<string, object?>(StringComparer.Ordinal)
    {
        ["Address"] = p.Address, ["AreaCode"] = p.AreaCode, ["Gender"] = p.Gender?.ToString(), ["HouseholdId"] = p.HouseholdId, ["Id"] = p.Id,
        ["IdNumberMasked"] = p.IdNumberMasked, ["Name"] = p.Name, ["PhoneMasked"] = p.PhoneMasked, ["Political"] = p.Political.ToString(),
        ["Residence"] = p.Residence.ToString(), ["Tags"] = p.Tags,
    }, AuditJsonOptions);

    static string ImportReason(Guid importId, string fileName) => $"导入 {ShortName(fileName)} ({importId})";

    static string ShortName(string fileName) => Path.GetFileName(fileName) is { Length: > 100 } long_ ? long_[..100] + "…" : Path.GetFileName(fileName);

    static AuditEntry Summary(Caller caller, DateTimeOffset now, Guid importId, string fileName, int people, int households) => new()
    {
        At = now, UserId = caller.UserId, UserName = caller.UserName, Action = AuditAction.Create, EntityType = "PeopleImport", EntityId = importId.ToString(),
        AreaCode = caller.ScopeFor(Permission.RegistryWrite).FirstOrDefault() ?? "",
        After = System.Text.Json.JsonSerializer.Serialize(new { File = ShortName(fileName), People = people, Households = households }),
        Reason = ImportReason(importId, fileName),
    };

    /// <summary>
    /// The rejected rows of an import as a CSV sheet (UTF-8 with BOM, so Excel reads the Chinese): the row number, the
    /// original columns — ID numbers and phones masked, as everywhere else — and the reasons. Cells that would start a
    /// formula in a spreadsheet are escaped. A user's sheets older than a day are removed when the next one is made.
    /// The smaller registers' imports (<see cref="RegistryImports"/>) write the same sheet (a column index of -1 masks nothing).
    /// </summary>
    internal sealed class RejectedSheet : IDisposable
    {
        readonly StreamWriter _writer;
        readonly CsvWriter _csv;
        readonly Func<string, string> _reason;
        readonly int _idColumn, _phoneColumn;
        public required string Url { get; init; }
        public required string Path { get; init; }

        RejectedSheet(Stream stream, IReadOnlyList<string> headers, Func<string, string> reason, int idColumn, int phoneColumn)
        {
            _writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            _csv = new CsvWriter(_writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape });
            (_reason, _idColumn, _phoneColumn) = (reason, idColumn, phoneColumn);
            _csv.WriteField("行号");
            foreach (var h in headers) _csv.WriteField(h);
            _csv.WriteField("错误原因");
            _csv.NextRecord();
        }

        /// <summary>A new sheet of the caller's; reasons in <paramref name="l"/>'s language; -1 for a column that is not there.</summary>
        public static RejectedSheet Create(FileStore files, Caller caller, IStringLocalizer l, IReadOnlyList<string> headers, int idColumn, int phoneColumn)
        {
            var id = Guid.CreateVersion7();
            var path = RejectedPath(caller, id);
            files.DeleteGeneratedOlderThan(System.IO.Path.GetDirectoryName(path)!, TimeSpan.FromDays(1));
            return new RejectedSheet(files.CreateGenerated(path), headers, c => Problems.Reason(l, c), idColumn, phoneColumn) { Url = $"/api/registry/import/rejected/{id}", Path = path };
        }

        public void Write(int number, string?[] raw, List<string> reasons)
        {
            _csv.WriteField(number);
            for (var i = 0; i < raw.Length; i++)
                _csv.WriteField(raw[i] is not { Length: > 0 } v ? raw[i]
                    : i == _idColumn ? IdNumber.Mask(v.Trim())
                    : i == _phoneColumn ? Masking.Mask(v.Trim())
                    : v);
            _csv.WriteField(string.Join("；", reasons.Select(_reason)));
            _csv.NextRecord();
        }

        public void Dispose()
        {
            _csv.Dispose();
            _writer.Dispose();
        }
    }

    /// <summary>Where a user's rejected-rows sheet is kept: only they can fetch it.</summary>
    public static string RejectedPath(Caller caller, Guid id) =>
        Path.Combine("rejected", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(caller.UserId)))[..32], id.ToString("N") + ".csv");
}
