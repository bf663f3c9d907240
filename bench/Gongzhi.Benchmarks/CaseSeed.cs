using System.Diagnostics;
using Npgsql;

namespace Gongzhi.Benchmarks;

/// <summary>
/// Fills the benchmark database with generated cases (default 1,000,000) spread over the demo district's 768 grids,
/// the 22 categories and the two years before now, in a realistic mix of states: most closed or evaluated, about a
/// tenth open, some rejected or merged, some overdue, reworked, late to check in and rated. Each case gets the
/// timeline rows its state implies (report, accept, dispatch, check-in, handle, verify, evaluate; escalations when
/// overdue), so the event table is as large as the cases make it. Written by SQL (generate_series) in the server.
/// </summary>
static class CaseSeed
{
    public static async Task RunAsync(int count)
    {
        await using var db = await BenchDb.OpenAsync();
        var existing = (long)(await new NpgsqlCommand("""SELECT count(*) FROM cases WHERE "Number" LIKE 'B%'""", db).ExecuteScalarAsync())!;
        if (existing >= count) { Console.WriteLine($"{existing:N0} generated cases already there"); return; }
        var watch = Stopwatch.StartNew();
        await Exec(db, """DELETE FROM case_events WHERE "CaseId" IN (SELECT "Id" FROM cases WHERE "Number" LIKE 'B%')""");
        await Exec(db, """DELETE FROM cases WHERE "Number" LIKE 'B%'""");
        // Lookup tables the generator picks from by index.
        await Exec(db, """
            DROP TABLE IF EXISTS bench_grids, bench_models;
            CREATE TABLE bench_grids AS SELECT row_number() OVER (ORDER BY "Code") - 1 AS i, "Code" AS code, "Lat" AS lat, "Lng" AS lng
                FROM areas WHERE length("Code") = 15;
            CREATE TABLE bench_models AS SELECT row_number() OVER (ORDER BY "Code") - 1 AS i, "Code" AS code, "Name" AS name, "Department" AS dept,
                "Whistle" AS whistle, "CheckInHours" AS ci, "HandleHours" AS hh, "VerifyHours" AS vh, "Version" AS v
                FROM disposal_models WHERE "IsCurrent";
            """);
        // s: the case's state drawn from the mix; flags drawn with fixed probabilities; times within two years.
        await Exec(db, $$"""
            INSERT INTO cases ("Id", "Number", "Channel", "CategoryCode", "ModelVersion", "CategoryName", "Department", "Whistle",
                "CheckInHours", "HandleHours", "VerifyHours", "Description", "Address", "Lat", "Lng", "AreaCode", "InTriage", "State", "Level",
                "Warning", "Overdue", "ReporterName", "Rating", "ReportedAt", "ClosedAt", "Version",
                "WasCheckedIn", "CheckInLate", "WasHandled", "WasReworked")
            SELECT gen_random_uuid(), 'B' || lpad(n::text, 12, '0'),
                (ARRAY['GridPatrol','Resident','Open311','Hotline12345','Staff'])[1 + n % 5],
                m.code, m.v, m.name, m.dept, m.whistle, m.ci, m.hh, m.vh, '生成的案件 ' || n, NULL,
                g.lat + ((n * 7919) % 1000 - 500) * 0.000002, g.lng + ((n * 104729) % 1000 - 500) * 0.000002,
                g.code, false, x.state, CASE WHEN x.overdue THEN 'Community' ELSE 'Grid' END,
                x.state IN ('Dispatched','CheckedIn','Handled') AND n % 9 = 0, x.overdue, '居民', 
                CASE WHEN x.state = 'Evaluated' THEN 1 + (n * 31) % 5 END,
                x.reported, CASE WHEN x.state IN ('Closed','Evaluated') THEN x.reported + interval '3 days' END, gen_random_uuid(),
                x.state IN ('CheckedIn','Handled','Closed','Evaluated'),
                x.state <> 'Reported' AND x.state <> 'Registered' AND x.state <> 'Rejected' AND n % 17 = 0,
                x.state IN ('Handled','Closed','Evaluated'),
                x.state IN ('Handled','Closed','Evaluated') AND n % 13 = 0
            FROM generate_series(1::bigint, {{count}}) AS n
            CROSS JOIN LATERAL (SELECT
                CASE WHEN r < 2 THEN 'Reported' WHEN r < 4 THEN 'Registered' WHEN r < 6 THEN 'Dispatched' WHEN r < 9 THEN 'CheckedIn'
                     WHEN r < 11 THEN 'Handled' WHEN r < 45 THEN 'Closed' WHEN r < 95 THEN 'Evaluated' WHEN r < 98 THEN 'Rejected' ELSE 'Merged' END AS state,
                n % 11 = 0 AS overdue,
                now() - make_interval(secs => (n * 2654435761::bigint % 63072000)) AS reported
                FROM (SELECT (n * 2246822519::bigint % 100)::int AS r) AS rr) AS x
            JOIN bench_grids g ON g.i = (n * 40503::bigint) % (SELECT count(*) FROM bench_grids)
            JOIN bench_models m ON m.i = (n * 97::bigint) % (SELECT count(*) FROM bench_models)
            """);
        Console.WriteLine($"cases inserted after {watch.Elapsed.TotalSeconds:N0} s");
        // The timeline: one row per step the state implies.
        await Exec(db, """
            INSERT INTO case_events ("Id", "CaseId", "At", "ActorName", "Role", "Action", "From", "To", "Note")
            SELECT gen_random_uuid(), c."Id", c."ReportedAt" + make_interval(hours => s.k), 'bench', 'System', s.action, NULL, c."State", NULL
            FROM cases c
            JOIN LATERAL (VALUES (0, 'Report', 'Reported'), (1, 'Accept', 'Registered'), (2, 'Dispatch', 'Dispatched'), (3, 'CheckIn', 'CheckedIn'),
                (4, 'Handle', 'Handled'), (5, 'Verify', 'Closed'), (6, 'Evaluate', 'Evaluated')) AS s(k, action, reached) ON
                s.k <= array_position(ARRAY['Reported','Registered','Dispatched','CheckedIn','Handled','Closed','Evaluated'], c."State") - 1
                OR (s.k = 0)
            WHERE c."Number" LIKE 'B%'
            UNION ALL
            SELECT gen_random_uuid(), c."Id", c."ReportedAt" + interval '30 hours', 'system', 'System', 'Escalate', NULL, c."State", 'Handle: Grid → Community'
            FROM cases c WHERE c."Number" LIKE 'B%' AND c."Overdue"
            """);
        await Exec(db, "DROP TABLE bench_grids, bench_models");
        // The monthly metric totals, as the app's interceptor and folder would have made them (the cases were written by
        // SQL, past the app). `time-queries` checks them against counting the cases.
        await Exec(db, """
            DELETE FROM case_stat_deltas;
            DELETE FROM case_stats;
            INSERT INTO case_stats ("Community", "Department", "Category", "Month", "Total", "Closed", "OpenOverdue", "ClosedOnTime",
                "Handled", "Reworked", "CheckInDue", "CheckInOnTime", "Rated", "RatingSum")
            SELECT substr("AreaCode", 1, 12), "Department", "CategoryCode", to_char("ReportedAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'),
                count(*), count(*) FILTER (WHERE "State" IN ('Closed','Evaluated')),
                count(*) FILTER (WHERE "State" NOT IN ('Closed','Evaluated') AND "Overdue"),
                count(*) FILTER (WHERE "State" IN ('Closed','Evaluated') AND NOT "Overdue"),
                count(*) FILTER (WHERE "WasHandled"), count(*) FILTER (WHERE "WasReworked"),
                count(*) FILTER (WHERE "WasCheckedIn" OR "CheckInLate"), count(*) FILTER (WHERE "WasCheckedIn" AND NOT "CheckInLate"),
                count("Rating"), coalesce(sum("Rating"), 0)
            FROM cases WHERE NOT "InTriage" AND length("AreaCode") >= 12 AND "State" NOT IN ('Rejected','Merged')
            GROUP BY 1, 2, 3, 4
            """);
        await Exec(db, "VACUUM ANALYZE cases");
        await Exec(db, "VACUUM ANALYZE case_events");
        await Exec(db, "VACUUM ANALYZE case_stats");
        var events = (long)(await new NpgsqlCommand("SELECT count(*) FROM case_events", db).ExecuteScalarAsync())!;
        Console.WriteLine($"{count:N0} cases and {events:N0} events in {watch.Elapsed.TotalSeconds:N0} s");
    }

    static async Task Exec(NpgsqlConnection db, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync();
    }
}
