using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Modules.Registry.Public;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Party;

/// <summary>
/// The demo party organisation of 建邺区: a working committee per street and a 大党委 per community, all holding their
/// committee meetings; in the demo community 凤栖苑 (320105001001) a branch in grids 1–10 (11 and 12 have none), building
/// groups in grids 1 and 2 (all buildings of grid 1, all but the last of grid 2), members (the registry's party members
/// linked by id, plus generated ones; the demo account member@ is 吴芳 of grid 1), a 两新 organisation of a registry unit,
/// meetings over the last two quarters — the branch of grid 3 held no 支部党员大会 last quarter or this one, the branch of
/// grid 5 nothing for two months, so both are behind schedule — and the branch of grid 10 flagged 软弱涣散.
/// </summary>
sealed class PartyDemoSeeder(IConfiguration config, PersonalData pd, TimeProvider clock) : IDemoSeeder
{
    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
    static readonly string[] Given = ["建国", "红梅", "卫东", "秀兰", "志刚", "海燕", "国庆", "玉珍", "德明", "丽华", "晓峰", "春梅"];

    public int Order => 400;

    static string Short(string name) => name.EndsWith("居委会", StringComparison.Ordinal) ? name[..^3] : name;

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        var district = config["Demo:District"] ?? "320105";
        var community = district + "001001";
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToCst().DateTime);
        var longAgo = new DateOnly(today.Year - 5, 7, 1);
        await pd.ReadyAsync(ct);
        var rnd = new Random(1921);
        var areas = await AreaNames.UnderAsync(db, district, ct);
        var meetings = new List<PartyMeeting>();
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var quarterStart = MeetingSchedule.PeriodStart(today, Cadence.Quarterly);

        PartyOrg Org(PartyOrgKind kind, string name, string area, PartyOrg? parent)
        {
            var org = new PartyOrg { Kind = kind, Name = name, AreaCode = area, ParentId = parent?.Id, EstablishedOn = longAgo, CreatedAt = now, UpdatedAt = now };
            db.Add(org);
            return org;
        }
        void Held(PartyOrg org, MeetingKind kind, DateOnly on, string title, IEnumerable<PartyMember>? attendees = null) => meetings.Add(new PartyMeeting
        {
            OrgId = org.Id, AreaCode = org.AreaCode, Kind = kind, Title = title, PlannedOn = on, HeldOn = on, Minutes = "会议按议程进行，形成决议。",
            Attendance = string.Join(',', (attendees ?? []).Select(a => a.Id)), CreatedAt = now, UpdatedAt = now,
        });
        // Monthly kinds held on the 10th of each of the last six months; quarterly kinds on the 15th of the middle month of the last two quarters.
        void Life(PartyOrg org, IReadOnlyList<PartyMember> members, Func<MeetingKind, DateOnly, bool>? skip = null)
        {
            foreach (var r in MeetingSchedule.Required(org.Kind))
            {
                var days = r.Cadence == Cadence.Monthly
                    ? Enumerable.Range(1, 6).Select(i => monthStart.AddMonths(-i).AddDays(9))
                    : Enumerable.Range(1, 2).Select(i => quarterStart.AddMonths(-3 * i + 1).AddDays(14));
                foreach (var day in days)
                    if (skip?.Invoke(r.Kind, day) != true)
                        Held(org, r.Kind, day, day.ToString("yyyy年M月", System.Globalization.CultureInfo.InvariantCulture) + KindName(r.Kind),
                            members.Where(_ => rnd.Next(10) < 8));
            }
        }

        var streets = new Dictionary<string, PartyOrg>();
        foreach (var s in areas.Where(a => a.Code.Length == 9))
            Life(streets[s.Code] = Org(PartyOrgKind.StreetWorkingCommittee, s.Name + "党工委", s.Code, null), []);
        PartyOrg? demoCommittee = null;
        foreach (var c in areas.Where(a => a.Code.Length == 12))
        {
            var org = Org(PartyOrgKind.CommunityCommittee, Short(c.Name) + "大党委", c.Code, streets[c.Code[..9]]);
            if (c.Code == community) demoCommittee = org;
            else Life(org, []);
        }
        if (demoCommittee is null) { await db.SaveChangesAsync(ct); return; }

        var grids = areas.Where(a => a.Code.Length == 15 && a.Code.StartsWith(community, StringComparison.Ordinal)).ToList();
        var branches = new Dictionary<string, PartyOrg>();
        var groups = new Dictionary<string, PartyOrg>();
        for (var i = 0; i < grids.Count && i < 10; i++)
        {
            var branch = Org(PartyOrgKind.GridBranch, Short(grids[i].Name) + "党支部", grids[i].Code, demoCommittee);
            branches[grids[i].Code] = branch;
            if (i < 2)
            {
                var buildings = areas.Where(a => a.Code.Length == 18 && a.Code.StartsWith(grids[i].Code, StringComparison.Ordinal)).ToList();
                foreach (var b in i == 0 ? buildings : buildings.SkipLast(1))
                    groups[b.Code] = Org(PartyOrgKind.BuildingGroup, Short(grids[i].Name).Replace("社区", "") + b.Name + "党小组", b.Code, branch);
            }
        }
        branches[grids[9].Code].Weak = true;
        branches[grids[9].Code].WeakNote = "班子不健全，组织生活不经常，列入整顿。";

        // Members: the registry's party members where they live, then generated ones so every branch has six or more.
        var members = new List<PartyMember>();
        PartyMember Member(string name, PartyOrg org, Guid? personId = null)
        {
            var joined = today.AddDays(-rnd.Next(200, 12000));
            var regular = joined.AddYears(1) <= today.AddDays(-30) && rnd.Next(10) > 0;
            var m = new PartyMember
            {
                Name = name, PersonId = personId, OrgId = org.Id, AreaCode = org.AreaCode, Status = regular ? MemberStatus.Regular : MemberStatus.Probationary,
                JoinedOn = joined, RegularOn = regular ? joined.AddYears(1).AddDays(rnd.Next(0, 20)) : null, CreatedAt = now, UpdatedAt = now,
            };
            if (m.RegularOn > today) m.RegularOn = today;
            PartyMembers.SetPhone(m, pd, "13" + rnd.Next(0, 10) + rnd.Next(10_000_000, 99_999_999));
            db.Add(m);
            members.Add(m);
            return m;
        }
        foreach (var p in await RegistryPeople.PartyMembersAsync(db, community, ct))
        {
            var org = groups.GetValueOrDefault(p.AreaCode) ?? branches.GetValueOrDefault(p.AreaCode[..15]);
            if (org is not null) Member(p.Name, org, p.Id);
        }
        foreach (var branch in branches.Values)
        {
            var under = groups.Values.Where(g => g.ParentId == branch.Id).ToList();
            while (members.Count(m => m.OrgId == branch.Id || under.Any(g => g.Id == m.OrgId)) < 6)
                Member(Surnames[rnd.Next(Surnames.Length)] + Given[rnd.Next(Given.Length)], under.Count > 0 && rnd.Next(3) > 0 ? under[rnd.Next(under.Count)] : branch);
        }
        var first = branches[grids[0].Code];
        var self = Member("吴芳", groups.Values.FirstOrDefault(g => g.ParentId == first.Id) ?? first);
        self.Status = MemberStatus.Regular;
        self.JoinedOn = new DateOnly(2008, 7, 1);
        self.RegularOn = new DateOnly(2009, 7, 1);
        self.UserId = await db.Users.Where(u => u.Email == "member@gongzhi.local").Select(u => u.Id).SingleOrDefaultAsync(ct);
        var flowOut = members[3];
        (flowOut.Flow, flowOut.FlowPlace, flowOut.FlowHome) = (MemberFlow.Out, "江苏省苏州市工业园区", "苏州工业园区流动党员之家 0512-12345678");
        var inService = members[5];
        (inService.InService, inService.WorkUnit, inService.ResidenceCommunity, inService.ReportedOn) = (true, "建邺区城市管理局", community, today.AddMonths(-4));
        var flowIn = Member("马晓峰", branches[grids[1].Code]);
        (flowIn.Flow, flowIn.FlowPlace, flowIn.FlowHome) = (MemberFlow.In, "安徽省合肥市", "凤栖苑流动党员之家（社区党群服务中心二楼）");

        // Secretaries and committees: the first members of each organisation.
        foreach (var org in branches.Values.Concat(groups.Values))
        {
            var own = members.Where(m => m.OrgId == org.Id || (org.Kind == PartyOrgKind.GridBranch && groups.Values.Any(g => g.ParentId == org.Id && g.Id == m.OrgId))).ToList();
            if (own.Count == 0) continue;
            org.SecretaryId = own[0].Id;
            if (org.Kind == PartyOrgKind.GridBranch) org.Committee = PartyOrg.JoinCommittee(own.Take(3).Select(m => (m.Id, false)));
        }

        // A 两新 unit of the registry with its own party organisation now, a member unit of the 大党委.
        if ((await RegistryOrganisations.ListAsync(db, [community], OrganisationKind.NewEconomic, gapsOnly: true, ct)).FirstOrDefault() is { } unit)
        {
            var unitOrg = Org(PartyOrgKind.NewEconomicOrg, unit.Name + "党支部", unit.AreaCode, demoCommittee);
            unitOrg.RegistryOrganisationId = unit.Id;
            var unitMembers = Enumerable.Range(0, 3).Select(_ => Member(Surnames[rnd.Next(Surnames.Length)] + Given[rnd.Next(Given.Length)], unitOrg)).ToList();
            unitOrg.SecretaryId = unitMembers[0].Id;
            Life(unitOrg, unitMembers);
        }

        Life(demoCommittee, []);
        foreach (var (grid, branch) in branches)
        {
            var own = members.Where(m => m.AreaCode.StartsWith(grid, StringComparison.Ordinal)).ToList();
            var index = grids.FindIndex(g => g.Code == grid);
            Life(branch, own, index switch
            {
                2 => (kind, day) => kind == MeetingKind.GeneralMeeting && day >= quarterStart.AddMonths(-3), // grid 3: no 支部党员大会 last quarter
                4 => (_, day) => day >= monthStart.AddMonths(-2), // grid 5: nothing for two months
                _ => null,
            });
        }
        foreach (var group in groups.Values) Life(group, [.. members.Where(m => m.OrgId == group.Id)]);

        // A planned meeting for this month, and dues of the member's last three months.
        var demoBranch = branches[grids[0].Code];
        meetings.Add(new PartyMeeting
        {
            OrgId = demoBranch.Id, AreaCode = demoBranch.AreaCode, Kind = MeetingKind.ThemeDay, Title = "主题党日：走访慰问独居老人", PlannedOn = monthStart.AddDays(24),
            Agenda = "1. 重温入党誓词\n2. 分组走访", CreatedAt = now, UpdatedAt = now,
        });
        for (var i = 1; i <= 3; i++)
            db.Add(new PartyDues
            {
                MemberId = self.Id, AreaCode = self.AreaCode, Month = monthStart.AddMonths(-i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
                Income = 6200m, Amount = Dues.Monthly(6200m), PaidOn = monthStart.AddMonths(-i).AddDays(4), CreatedAt = now, UpdatedAt = now,
            });
        db.AddRange(meetings);
        await db.SaveChangesAsync(ct);
    }

    static string KindName(MeetingKind kind) => kind switch
    {
        MeetingKind.GeneralMeeting => "支部党员大会",
        MeetingKind.CommitteeMeeting => "委员会会议",
        MeetingKind.GroupMeeting => "党小组会",
        MeetingKind.PartyLecture => "党课",
        MeetingKind.SecretaryLecture => "书记讲坛",
        _ => "主题党日",
    };
}
