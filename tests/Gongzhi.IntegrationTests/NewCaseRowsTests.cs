using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Gongzhi.Web.Modules.Cases;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Gongzhi.IntegrationTests;

/// <summary>
/// On PostgreSQL a new case is written by <see cref="PostgresRows"/> instead of SaveChanges (architecture decision 26).
/// Both paths must write the same rows: the case, its event, the notification, the metric delta and the audit rows.
/// Case numbers come from per-node blocks and must stay unique.
/// </summary>
public sealed class NewCaseRowsTests
{
    static readonly string[] Varying = ["Id", "CaseId", "Number", "Version", "EntityId", "Args", "Link"];

    [Fact]
    public async Task The_row_writer_and_SaveChanges_write_the_same_rows()
    {
        await using var app = await GongzhiApp.StartAsync(Db.Postgres);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var adminId = await WithScope(app, new ClaimsPrincipal(), sp => sp.GetRequiredService<GongzhiDb>().Set<User>().Where(u => u.Email == Accounts.Admin).Select(u => u.Id).SingleAsync());
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, adminId), new Claim(ClaimTypes.Name, Accounts.Admin)], "test"));
        var now = app.Clock.GetUtcNow();
        var model = await WithScope(app, principal, sp => sp.GetRequiredService<GongzhiDb>().Set<DisposalModel>().AsNoTracking()
            .SingleAsync(m => m.Code == "baolu-laji" && m.IsCurrent));
        var request = new ReportCase.Request(model.Code, "垃圾桶满溢，周边有异味", 32.04, 118.75, "某小区东门", Channel.GridPatrol);
        Case Build(string number) => ReportCase.New(model, request, CasesApiTests.Grid, false, Caller.Anonymous, now, number);
        var actor = new Actor(adminId, Accounts.Admin, "DistrictAdmin");
        var bucketBefore = await BucketTotal(app, principal, now);

        var writer = app.Service<PostgresRows>();
        var written = writer.RowsWritten;
        var fast = await WithScope(app, principal, sp => sp.GetRequiredService<NewCases>().SaveAsync("320105", now, Build, actor, default));
        var tracked = await WithScope(app, principal, async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            await using var tx = await db.Database.BeginTransactionAsync(); // inside a transaction: SaveChanges and its interceptors
            var c = await sp.GetRequiredService<NewCases>().SaveAsync("320105", now, Build, actor, default);
            await tx.CommitAsync();
            return c;
        });

        fast.Number.Should().NotBe(tracked.Number);
        (writer.RowsWritten - written).Should().Be(6, "the first case went through the row writer (case, event, notification, delta, 2 audit rows), the second not");
        foreach (var (table, key) in new[] { ("cases", "Id"), ("case_events", "CaseId"), ("notifications", "Link"), ("audit_log", "EntityId"), ("audit_log", "Event") })
        {
            var a = await Rows(app, principal, table, key, fast.Id);
            var b = await Rows(app, principal, table, key, tracked.Id);
            a.Should().NotBeEmpty($"the writer wrote {table}");
            a.Should().BeEquivalentTo(b, $"both paths write the same {table} rows");
        }
        (await BucketTotal(app, principal, now)).Should().Be(bucketBefore + 2, "each path wrote its case's metric delta");

        // And through the API: the case reads back like any other.
        var at = await CasesApiTests.CentreOf(admin, CasesApiTests.Grid);
        var created = await (await admin.PostAsJsonAsync("/api/cases", new { category = "baolu-laji", description = "垃圾桶满溢，周边有异味", lat = at.Lat, lng = at.Lng, channel = "GridPatrol" }))
            .Json(HttpStatusCode.Created);
        var read = await (await admin.GetAsync($"/api/cases/{created["id"]}")).Json(HttpStatusCode.OK);
        read["number"]!.GetValue<string>().Should().Be(created["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task Numbers_taken_in_blocks_are_unique_and_consecutive_one_at_a_time()
    {
        await using var app = await GongzhiApp.StartAsync(Db.Postgres);
        var admin = await app.ClientAsAsync(Accounts.Admin);
        var at = await CasesApiTests.CentreOf(admin, CasesApiTests.Grid);
        async Task<string> Report() =>
            (await (await admin.PostAsJsonAsync("/api/cases", new { category = "baolu-laji", description = "垃圾桶满溢，周边有异味", lat = at.Lat, lng = at.Lng, channel = "GridPatrol" }))
                .Json(HttpStatusCode.Created))["number"]!.GetValue<string>();
        static long Serial(string number) => long.Parse(number[^6..], CultureInfo.InvariantCulture);

        var first = await Report();
        var second = await Report();
        Serial(second).Should().Be(Serial(first) + 1, "one intake at a time takes blocks of one: no gaps");

        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Report()));
        numbers.Should().OnlyHaveUniqueItems();
        numbers.Should().AllSatisfy(n => n[..14].Should().Be(first[..14]));
        numbers.Select(Serial).Should().AllSatisfy(s => s.Should().BeGreaterThan(Serial(second)));
    }

    [Fact]
    public async Task A_unit_that_fails_does_not_take_the_units_grouped_with_it_down()
    {
        await using var app = await GongzhiApp.StartAsync(Db.Postgres);
        var writer = app.Service<PostgresRows>();
        var model = await WithScope(app, new ClaimsPrincipal(), sp => Task.FromResult(sp.GetRequiredService<GongzhiDb>().Model));
        var marker = "group-" + Guid.NewGuid().ToString("N")[..8];
        Gongzhi.Web.Platform.Notify.Notification Note(int i) => new()
        {
            At = app.Clock.GetUtcNow(), Role = AppRole.StreetStaff, AreaCode = "320105001", Key = "notify.case.reported", Args = marker + i, Link = "/cases",
        };
        // Twenty units at once (the writer groups what arrives together); one breaks a foreign key.
        var units = Enumerable.Range(0, 20).Select(i => i == 7
            ? (IReadOnlyList<object>)[Note(i), new CaseEvent { CaseId = Guid.NewGuid(), At = app.Clock.GetUtcNow(), ActorName = "x", Role = "x", Action = "Report", To = CaseState.Reported }]
            : [Note(i)]).ToList();
        var results = await Task.WhenAll(units.Select(async u =>
        {
            try { await writer.InsertGroupedAsync(u, model, default); return null; }
            catch (Npgsql.PostgresException e) { return e.SqlState; }
        }));

        results.Where((_, i) => i != 7).Should().AllSatisfy(r => r.Should().BeNull());
        results[7].Should().Be("23503", "the unit with the broken foreign key fails alone");
        var stored = await WithScope(app, new ClaimsPrincipal(), sp => sp.GetRequiredService<GongzhiDb>().Set<Gongzhi.Web.Platform.Notify.Notification>()
            .Where(n => n.Args.StartsWith(marker)).Select(n => n.Args).ToListAsync());
        stored.Should().HaveCount(19).And.NotContain(marker + 7, "a unit is all or nothing: its notification went with its event");
    }

    static async Task<T> WithScope<T>(GongzhiApp app, ClaimsPrincipal user, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(user);
        return await work(scope.ServiceProvider);
    }

    /// <summary>The rows of <paramref name="table"/> whose <paramref name="key"/> names the case, without the columns that differ per case.</summary>
    static Task<List<Dictionary<string, object?>>> Rows(GongzhiApp app, ClaimsPrincipal user, string table, string key, Guid caseId) =>
        WithScope(app, user, async sp =>
        {
            var db = sp.GetRequiredService<GongzhiDb>();
            await db.Database.OpenConnectionAsync();
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = key switch
            {
                "Link" => $"SELECT * FROM {table} WHERE \"Link\" = '/cases/{caseId}'",
                "Event" => $"SELECT * FROM {table} WHERE \"EntityId\" IN (SELECT \"Id\"::text FROM case_events WHERE \"CaseId\" = '{caseId}')",
                _ => $"SELECT * FROM {table} WHERE \"{key}\"::text = '{caseId}'",
            };
            var rows = new List<Dictionary<string, object?>>();
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) rows.Add(Row(r, caseId));
            return rows;
        });

    static Dictionary<string, object?> Row(DbDataReader r, Guid caseId)
    {
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < r.FieldCount; i++)
        {
            var name = r.GetName(i);
            if (Varying.Contains(name)) continue;
            var value = r.IsDBNull(i) ? null : r.GetValue(i);
            if (name is "Before" or "After" && value is string json) value = Normalised(json);
            row[name] = value;
        }
        return row;
    }

    /// <summary>An audit JSON without the values that differ per case (ids, number, concurrency token).</summary>
    static string Normalised(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        foreach (var name in Varying) node.Remove(name);
        return node.ToJsonString();
    }

    /// <summary>The metric total of the case's bucket: folded totals plus deltas, read in one statement (the folder moves rows between them).</summary>
    static Task<long> BucketTotal(GongzhiApp app, ClaimsPrincipal user, DateTimeOffset now) => WithScope(app, user, async sp =>
    {
        var db = sp.GetRequiredService<GongzhiDb>();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        var where = $"WHERE \"Community\" = '{CasesApiTests.Grid[..12]}' AND \"Category\" = 'baolu-laji' AND \"Month\" = '{CaseStatsContribution.MonthOf(now)}'";
        cmd.CommandText = $"SELECT (SELECT coalesce(sum(\"Total\"), 0) FROM case_stats {where}) + (SELECT coalesce(sum(\"Total\"), 0) FROM case_stat_deltas {where})";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    });
}
