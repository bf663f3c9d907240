using Gongzhi.Web.Modules.Registry.Public;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party;

/// <summary>
/// The demo of PT-4 and PT-6 in 凤栖苑 (after <see cref="PartyDemoSeeder"/>): last year's 民主评议 of every member who had
/// joined by then (graded as suggested), care records (谈心谈话 of members, 走访慰问 and 结对帮扶 of residents), and pioneer
/// roles — 责任区 over the buildings of grids 3 and 4 for the branch secretaries, 联户党员 and 双联户 over households of
/// grid 3, a 党员先锋岗, a 义务十大员 and one 代理服务 with two affairs.
/// </summary>
sealed class PartyCareDemoSeeder(IConfiguration config, TimeProvider clock) : IDemoSeeder
{
    public int Order => 410;

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        var district = config["Demo:District"] ?? "320105";
        var community = district + "001001";
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToCst().DateTime);
        var year = today.Year - 1;
        var rnd = new Random(2026);
        var orgs = await db.Set<PartyOrg>().AsNoTracking().Where(o => o.AreaCode.StartsWith(community)).ToListAsync(ct);
        if (orgs.Count == 0) return;
        var members = await db.Set<PartyMember>().AsNoTracking().Where(m => m.AreaCode.StartsWith(community) && m.Status != MemberStatus.TransferredOut)
            .OrderBy(m => m.AreaCode).ThenBy(m => m.Name).ToListAsync(ct);

        // 民主评议 of last year.
        string[] selves = ["认真学习党的理论，按时参加组织生活，带头参与楼道环境整治。", "坚持亮身份、作表率，参与社区志愿服务二十余次。", "按时交纳党费，主动联系困难群众，工作中还有不足。"];
        foreach (var m in members.Where(m => m.JoinedOn.Year <= year))
        {
            decimal mutual = rnd.Next(68, 99), masses = rnd.Next(70, 99);
            db.Add(new PartyEvaluation
            {
                MemberId = m.Id, OrgId = m.OrgId, AreaCode = m.AreaCode, Year = year, SelfAssessment = selves[rnd.Next(selves.Length)],
                MutualScore = mutual, MutualCount = rnd.Next(5, 10), MassesScore = masses, Grade = EvaluationRules.Suggest(true, mutual, masses),
                GradedBy = "secretary@gongzhi.local", GradedOn = new DateOnly(year, 12, 28), CreatedAt = now, UpdatedAt = now,
            });
        }

        // Care records.
        var people = await RegistryHouseholds.PeopleUnderAsync(db, community + "003", 6, ct);
        foreach (var (m, i) in members.Take(5).Select((m, i) => (m, i)))
            db.Add(new PartyCareRecord
            {
                Kind = CareKind.Talk, MemberId = m.Id, Subject = m.Name, AreaCode = m.AreaCode, On = today.AddDays(-7 * (i + 1)), By = "社区党委书记",
                Note = "谈思想、谈工作、谈家庭，了解困难。", FollowUp = i == 0 ? "下月回访，协调子女入学问题" : null, CreatedAt = now, UpdatedAt = now,
            });
        foreach (var (p, i) in people.Take(3).Select((p, i) => (p, i)))
            db.Add(new PartyCareRecord
            {
                Kind = i == 2 ? CareKind.Pairing : CareKind.Visit, PersonId = p.Id, Subject = p.Name, AreaCode = p.AreaCode, On = today.AddDays(-10 * (i + 1)),
                By = "网格党支部", Note = i == 2 ? "结对帮扶：每月上门一次，帮助申请临时救助。" : "走访慰问，送去米油。", CreatedAt = now, UpdatedAt = now,
            });

        // Pioneer roles.
        // Grids 3 and 4: branches without building groups, so their members' area is the whole grid.
        var grid1 = community + "003";
        var grid2 = community + "004";
        PartyRole Role(PartyMember m, PioneerKind kind) => new() { MemberId = m.Id, AreaCode = m.AreaCode, Kind = kind, Since = new DateOnly(year, 3, 1), CreatedAt = now, UpdatedAt = now };
        foreach (var grid in new[] { grid1, grid2 })
        {
            var branch = orgs.FirstOrDefault(o => o.Kind == PartyOrgKind.GridBranch && o.AreaCode == grid);
            var secretary = members.FirstOrDefault(m => m.Id == branch?.SecretaryId) ?? members.FirstOrDefault(m => m.AreaCode == grid);
            if (secretary is null || secretary.AreaCode != grid) continue;
            var buildings = await Areas.Public.AreaNames.BuildingsAsync(db, grid, ct);
            var role = Role(secretary, PioneerKind.ResponsibilityArea);
            role.Buildings = string.Join(',', buildings.Take(3));
            role.Note = "党员责任区：楼道环境、矛盾排查、民情收集";
            if (role.Buildings.Length > 0) db.Add(role);
        }
        var inGrid1 = members.Where(m => m.AreaCode == grid1).ToList();
        var households = new List<HouseholdRef>();
        foreach (var b in (await Areas.Public.AreaNames.BuildingsAsync(db, grid1, ct)).Take(3)) households.AddRange(await RegistryHouseholds.OfBuildingAsync(db, b, ct));
        if (inGrid1.Count >= 4 && households.Count >= 8)
        {
            var linked = Role(inGrid1[1], PioneerKind.LinkedHouseholds);
            linked.Households = string.Join(',', households.Take(5).Select(h => h.Id));
            db.Add(linked);
            foreach (var m in inGrid1.Skip(2).Take(2))
            {
                var dbl = Role(m, PioneerKind.DoubleLinked);
                dbl.Households = string.Join(',', households.Skip(5).Take(3).Select(h => h.Id));
                db.Add(dbl);
            }
            var post = Role(inGrid1[0], PioneerKind.PioneerPost);
            post.Title = "党群服务中心便民服务岗";
            db.Add(post);
            var volunteer = Role(inGrid1[3], PioneerKind.TenVolunteers);
            volunteer.Duty = VolunteerDuty.DisputeMediator;
            db.Add(volunteer);
            if (people.FirstOrDefault(p => p.AreaCode.StartsWith(grid1)) is { } elder)
            {
                var proxy = Role(inGrid1[2], PioneerKind.ProxyService);
                proxy.PersonId = elder.Id;
                proxy.Note = "代办：医保、高龄津贴、水电缴费";
                db.Add(proxy);
                db.Add(new PartyProxyAffair { RoleId = proxy.Id, AreaCode = proxy.AreaCode, On = today.AddDays(-20), Affair = "代办高龄津贴申请", Status = AffairStatus.Done, CreatedAt = now, UpdatedAt = now });
                db.Add(new PartyProxyAffair { RoleId = proxy.Id, AreaCode = proxy.AreaCode, On = today.AddDays(-3), Affair = "代缴水电费", Status = AffairStatus.InProgress, CreatedAt = now, UpdatedAt = now });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
