using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party;

/// <summary>
/// The demo of PT-7 and PT-3 in 凤栖苑 (after <see cref="PartyDemoSeeder"/>): activity plans in every status (a closed
/// one fully spent, an approved one part spent, one submitted to the street, one rejected, a draft), learning
/// resources of the street and the 大党委, and learning records so that the members of grids 1 and 2 are on track
/// and the others behind their pro-rata target.
/// </summary>
sealed class PartyFundsDemoSeeder(IConfiguration config, TimeProvider clock) : IDemoSeeder
{
    public int Order => 410;

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        var district = config["Demo:District"] ?? "320105";
        var street = district + "001";
        var community = street + "001";
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToCst().DateTime);
        var orgs = await db.Set<PartyOrg>().AsNoTracking().Where(o => o.AreaCode.StartsWith(street)).ToListAsync(ct);
        var committee = orgs.FirstOrDefault(o => o.Kind == PartyOrgKind.CommunityCommittee && o.AreaCode == community);
        var streetOrg = orgs.FirstOrDefault(o => o.Kind == PartyOrgKind.StreetWorkingCommittee && o.AreaCode == street);
        if (committee is null || streetOrg is null) return;
        var branches = orgs.Where(o => o.Kind == PartyOrgKind.GridBranch && o.AreaCode.StartsWith(community)).OrderBy(o => o.AreaCode).ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.Email == "secretary@gongzhi.local" || u.Email == "street@gongzhi.local")
            .ToDictionaryAsync(u => u.Email!, u => u.Id, ct);
        var secretary = users.GetValueOrDefault("secretary@gongzhi.local", "demo");
        var streetUser = users.GetValueOrDefault("street@gongzhi.local", "demo");

        PartyActivityPlan Plan(PartyOrg org, string title, string purpose, int daysFromToday, decimal budget, PlanStatus status, string? reason = null)
        {
            var submitted = status != PlanStatus.Draft;
            var decided = status is PlanStatus.Approved or PlanStatus.Rejected or PlanStatus.Closed;
            var plan = new PartyActivityPlan
            {
                OrgId = org.Id, AreaCode = org.AreaCode, Title = title, Purpose = purpose, PlannedOn = today.AddDays(daysFromToday), Budget = budget, Status = status,
                CreatedBy = secretary, SubmittedBy = submitted ? secretary : null, SubmittedAt = submitted ? now.AddDays(-20) : null,
                DecidedBy = decided ? (org.Kind == PartyOrgKind.CommunityCommittee ? streetUser : secretary) : null, DecidedAt = decided ? now.AddDays(-15) : null,
                Reason = reason, CreatedAt = now.AddDays(-25), UpdatedAt = now.AddDays(-15),
            };
            db.Add(plan);
            return plan;
        }

        void Spend(PartyActivityPlan plan, int daysAgo, decimal amount, string item)
        {
            db.Add(new PartySpend
            {
                PlanId = plan.Id, AreaCode = plan.AreaCode, On = today.AddDays(-daysAgo), Amount = amount, Item = item, ByUser = secretary, CreatedAt = now.AddDays(-daysAgo),
            });
            plan.Spent += amount;
        }

        var closed = Plan(committee, "“七一”重温入党誓词主题党日", "参观雨花台烈士陵园，租车、讲解", -40, 1200m, PlanStatus.Closed);
        Spend(closed, 40, 800m, "大巴租车");
        Spend(closed, 40, 400m, "讲解服务");
        var approved = Plan(committee, "党员冬季集中轮训", "教材印制、场地布置", 10, 3000m, PlanStatus.Approved);
        Spend(approved, 3, 1280.50m, "《党章》学习读本 50 册");
        Plan(committee, "“两新”组织党建联席会", "会务茶歇、资料", 20, 800m, PlanStatus.Submitted);
        if (branches.Count > 1)
        {
            var branchPlan = Plan(branches[0], "楼道微更新党员志愿服务", "工具、材料", 5, 600m, PlanStatus.Approved);
            Spend(branchPlan, 2, 156.80m, "油漆与刷子");
            Plan(branches[1], "网格党员联谊", "聚餐", 15, 2000m, PlanStatus.Rejected, "党费不得用于聚餐，请调整活动内容");
            Plan(branches[0], "重阳敬老走访", "慰问品", 30, 500m, PlanStatus.Draft);
        }

        // Learning: a resource of the street and two of the 大党委; records for the members of grids 1 and 2 on track.
        var resources = new[]
        {
            new PartyLearningResource { OrgId = streetOrg.Id, AreaCode = street, Title = "学习贯彻党的二十大精神专题党课", Kind = ResourceKind.Video, Hours = 3,
                Url = "https://www.12371.cn/special/xxzd/", PublishedOn = new DateOnly(today.Year, 1, 1), CreatedBy = streetUser, CreatedAt = now, UpdatedAt = now },
            new PartyLearningResource { OrgId = committee.Id, AreaCode = community, Title = "《中国共产党章程》导读", Kind = ResourceKind.Text, Hours = 2,
                Body = "第一章 党员 …… 第二章 党的组织制度 ……", PublishedOn = new DateOnly(today.Year, 1, 1), CreatedBy = secretary, CreatedAt = now, UpdatedAt = now },
            new PartyLearningResource { OrgId = committee.Id, AreaCode = community, Title = "“枫桥经验”与基层治理", Kind = ResourceKind.Link, Hours = 1.5m,
                Url = "https://www.12371.cn/", PublishedOn = new DateOnly(today.Year, 1, 1), CreatedBy = secretary, CreatedAt = now, UpdatedAt = now },
        };
        db.AddRange(resources);
        var onTrack = LearningRules.ProRata(LearningRules.DefaultHoursPerYear, today);
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.AreaCode.StartsWith(community) && m.Status != MemberStatus.TransferredOut)
            .OrderBy(m => m.AreaCode).ThenBy(m => m.Name).Select(m => new { m.Id, m.AreaCode }).ToListAsync(ct);
        var yearStart = new DateOnly(today.Year, 1, 1);
        var rnd = new Random(2026);
        foreach (var m in members)
        {
            var good = m.AreaCode.Length >= 15 && (m.AreaCode[..15] == community + "001" || m.AreaCode[..15] == community + "002");
            var want = good ? onTrack + 2 : Math.Floor(onTrack / 3);
            var day = yearStart;
            var had = 0m;
            var i = 0;
            while (had < want && day <= today)
            {
                var r = resources[i++ % resources.Length];
                db.Add(new PartyLearningRecord
                {
                    MemberId = m.Id, AreaCode = m.AreaCode, ResourceId = r.Id, Topic = r.Title, On = day, Hours = r.Hours, ByUser = secretary, CreatedAt = now,
                });
                had += r.Hours;
                day = day.AddDays(rnd.Next(5, 15));
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
