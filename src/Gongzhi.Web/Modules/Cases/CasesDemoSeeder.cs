using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Cases;

/// <summary>
/// The 22 disposal models, and about 120 demo cases of the last ten days in every state: the loop run for real through
/// <see cref="Case.Apply"/> with past times, so some dispatched and checked-in cases are overdue and the sweeper
/// escalates them as soon as the app starts.
/// </summary>
sealed class CasesDemoSeeder(IConfiguration config, TimeProvider clock) : IDemoSeeder
{
    static readonly string[] Descriptions =
    [
        "路口东侧有人长期摆摊，影响行人通行。", "小区门口堆放建筑材料多日无人清理。", "垃圾桶满溢，周边有异味。", "人行道地砖松动破损，老人易绊倒。",
        "井盖缺失，已临时放置锥桶。", "楼顶新搭建彩钢棚。", "夜间施工噪声扰民。", "楼下餐馆油烟直排。", "电线杆上张贴大量小广告。",
        "共享单车堆放占用盲道。", "路灯连续三晚不亮。", "绿化带被踩踏破坏。", "雨后路面积水严重。", "下水道堵塞污水外溢。", "电梯停运，老人上下楼困难。",
        "有人从高层抛下杂物。", "消防通道被私家车堵塞。", "楼道内电动车飞线充电。", "疑似群租，出入人员复杂。", "物业收费与服务不符，居民意见大。",
        "邻居装修引发纠纷。", "小区内遛狗不牵绳。",
    ];

    public int Order => 200;

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var models = DisposalModels.FromFile(DisposalModels.DataFile(), now.AddDays(-30)).ToList();
        db.AddRange(models);
        await db.SaveChangesAsync(ct);

        var district = config["Demo:District"] ?? "320105";
        var grids = await AreaNames.GridPointsAsync(db, district, ct);
        if (grids.Count == 0) return;
        var reporter = await db.Users.AsNoTracking().Where(u => u.Email == "grid@gongzhi.local").Select(u => new { u.Id, u.UserName }).SingleOrDefaultAsync(ct);
        var gridWorker = reporter is null ? Caller.Anonymous : new Caller(reporter.Id, reporter.UserName ?? "", []);
        var patrol = new Actor(reporter?.Id, reporter?.UserName ?? "网格员", nameof(AppRole.GridWorker));
        var dispatcher = new Actor(null, "街道指挥中心", nameof(AppRole.StreetStaff));
        var rnd = new Random(30428);
        var serials = new Dictionary<string, int>();

        // Each case is driven to one of these targets; the weights give a realistic mix.
        (CaseState Target, int Weight)[] targets =
        [
            (CaseState.Reported, 12), (CaseState.Registered, 10), (CaseState.Dispatched, 16), (CaseState.CheckedIn, 22),
            (CaseState.Handled, 10), (CaseState.Closed, 18), (CaseState.Evaluated, 24), (CaseState.Rejected, 6),
        ];
        var total = targets.Sum(t => t.Weight);
        for (var i = 0; i < 118; i++)
        {
            var model = models[rnd.Next(models.Count)];
            // The demo grid worker's own grid gets a share of the cases, so that their account has work to see.
            var (code, lat, lng) = i % 6 == 0 ? grids[0] : grids[rnd.Next(grids.Count)];
            var reportedAt = now.AddHours(-rnd.Next(2, 240));
            var prefix = CaseNumbers.Prefix(district, reportedAt);
            serials[prefix] = serials.GetValueOrDefault(prefix) + 1;
            var body = new ReportCase.Request(model.Code, Descriptions[Math.Min(models.IndexOf(model), Descriptions.Length - 1)],
                lat + (rnd.NextDouble() - 0.5) * 0.0004, lng + (rnd.NextDouble() - 0.5) * 0.0004, null, Channel.GridPatrol);
            var c = ReportCase.New(model, body, code, false, i % 6 == 0 ? gridWorker : Caller.Anonymous, reportedAt, CaseNumbers.Format(prefix, serials[prefix]));
            c.Report(patrol, reportedAt);

            var roll = rnd.Next(total);
            var target = targets.First(t => (roll -= t.Weight) < 0).Target;
            var dept = new Actor(null, model.Department, nameof(AppRole.DepartmentStaff));
            var t = reportedAt;
            DateTimeOffset Step(double hours) => t = t.AddHours(hours) < now ? t.AddHours(hours) : now;
            if (target == CaseState.Rejected)
            {
                c.Apply(CaseAction.Reject, dispatcher, Step(0.5), new(Note: "重复上报，已有同类案件在办"));
            }
            else if (target > CaseState.Reported)
            {
                c.Apply(CaseAction.Accept, dispatcher, Step(0.3), new());
                if (target > CaseState.Registered) c.Apply(CaseAction.Dispatch, dispatcher, Step(0.5), new(Note: "请按时限报到处置"));
                if (target > CaseState.Dispatched) c.Apply(CaseAction.CheckIn, dept, Step(c.CheckInHours * rnd.NextDouble() * 1.3), new(Note: "已报到，安排人员处置"));
                if (target > CaseState.CheckedIn) c.Apply(CaseAction.Handle, dept, Step(c.HandleHours * rnd.NextDouble()), new(Note: "已处置完毕，附现场照片"));
                if (target > CaseState.Handled) c.Apply(CaseAction.Verify, patrol, Step(c.VerifyHours * rnd.NextDouble()), new(Note: "现场核查，问题已解决"));
                if (target > CaseState.Closed) c.Apply(CaseAction.Evaluate, new Actor(null, "上报人", nameof(AppRole.Resident)), Step(2), new(Rating: 3 + rnd.Next(3), Note: "处理及时"));
            }
            db.Add(c);
        }
        // Two duplicates merged into an open case, so that the demo shows every state.
        var open = db.ChangeTracker.Entries<Case>().Select(e => e.Entity).Where(c => c.State == CaseState.Registered).Take(2).ToList();
        foreach (var main in open)
        {
            var prefix = main.Number[..14];
            serials[prefix] = serials.GetValueOrDefault(prefix) + 1;
            var body = new ReportCase.Request(main.CategoryCode, main.Description + "（重复反映）", main.Lat, main.Lng, null, Channel.GridPatrol);
            var model = models.Single(m => m.Code == main.CategoryCode);
            var dup = ReportCase.New(model, body, main.AreaCode, false, Caller.Anonymous, main.ReportedAt.AddMinutes(20), CaseNumbers.Format(prefix, serials[prefix]));
            dup.Report(patrol, dup.ReportedAt);
            dup.Apply(CaseAction.Merge, dispatcher, dup.ReportedAt.AddMinutes(10), new(MainCase: main));
            db.Add(dup);
        }
        await db.SaveChangesAsync(ct);
    }
}
