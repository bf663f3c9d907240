using System.Globalization;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Data;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// Demo organisations (~30: the residents' committee, a property company, an owners' committee, stationed units,
/// enterprises, social organisations and 两新 organisations — some with three or more party members and no party
/// organisation, PT-5's blank spots) and demo places (~40 manhole covers, street lamps, cameras, facilities) at points
/// inside the grids of the demo district, most in the demo community 凤栖苑 (320105001001).
/// </summary>
sealed class RegistryPlacesDemoSeeder(IConfiguration config, PersonalData pd, GridLocator locator, TimeProvider clock) : IDemoSeeder
{
    public int Order => 310;

    static readonly (string Name, OrganisationKind Kind, int Employees, int PartyMembers, bool PartyOrg)[] Home =
    [
        ("凤栖苑社区居民委员会", OrganisationKind.ResidentsCommittee, 9, 6, true),
        ("凤栖苑小区业主委员会", OrganisationKind.OwnersCommittee, 7, 2, false),
        ("金陵宜家物业管理有限公司凤栖苑项目部", OrganisationKind.PropertyCompany, 36, 4, true),
        ("莫愁湖派出所凤栖苑警务室", OrganisationKind.StationedUnit, 5, 5, true),
        ("南京市第二十九中学分校", OrganisationKind.StationedUnit, 120, 38, true),
        ("鼓楼区凤栖苑社区卫生服务站", OrganisationKind.StationedUnit, 18, 6, true),
        ("凤栖苑邻里互助会", OrganisationKind.SocialOrganisation, 12, 1, false),
        ("南京栖凤软件科技有限公司", OrganisationKind.NewEconomic, 45, 4, false),
        ("南京禾木文化传媒有限公司", OrganisationKind.NewEconomic, 22, 3, false),
        ("南京安居家政服务有限公司", OrganisationKind.NewEconomic, 30, 2, false),
        ("南京凤鸣电商运营有限公司", OrganisationKind.NewEconomic, 60, 7, true),
        ("凤栖苑便民超市", OrganisationKind.Enterprise, 8, 0, false),
        ("南京乐龄养老服务中心", OrganisationKind.SocialOrganisation, 25, 3, false),
    ];

    static readonly (string Name, OrganisationKind Kind, int Employees, int PartyMembers, bool PartyOrg)[] Elsewhere =
    [
        ("社区居民委员会", OrganisationKind.ResidentsCommittee, 8, 5, true),
        ("物业服务有限公司", OrganisationKind.PropertyCompany, 28, 2, false),
        ("小区业主委员会", OrganisationKind.OwnersCommittee, 5, 1, false),
        ("网络科技有限公司", OrganisationKind.NewEconomic, 40, 5, false),
        ("律师事务所", OrganisationKind.NewEconomic, 16, 4, true),
        ("青少年服务中心", OrganisationKind.SocialOrganisation, 10, 3, false),
        ("供电营业所", OrganisationKind.StationedUnit, 35, 12, true),
        ("餐饮管理有限公司", OrganisationKind.Enterprise, 50, 1, false),
        ("设计咨询有限公司", OrganisationKind.NewEconomic, 14, 3, false),
    ];

    /// <summary>Kind of place, name, 大类, 小类 (the 小类 numbers are the demo's, for illustration).</summary>
    static readonly (PlaceKind Kind, string Name, string Major, string Minor)[] Things =
    [
        (PlaceKind.Component, "上水井盖", "01", "01"), (PlaceKind.Component, "污水井盖", "01", "02"), (PlaceKind.Component, "雨水井盖", "01", "03"),
        (PlaceKind.Component, "路灯", "01", "19"), (PlaceKind.Component, "消防栓", "01", "15"), (PlaceKind.Component, "交通标志牌", "02", "08"),
        (PlaceKind.Component, "垃圾箱", "03", "02"), (PlaceKind.Component, "行道树", "04", "04"), (PlaceKind.Facility, "公共厕所", "03", "01"),
        (PlaceKind.Facility, "健身点", "06", "05"), (PlaceKind.Facility, "非机动车充电棚", "06", "09"), (PlaceKind.Camera, "视频监控点", "06", "10"),
    ];

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        await pd.ReadyAsync(ct);
        var district = config["Demo:District"] ?? "320105";
        var community = district + "001001";
        var grids = await AreaNames.GridPointsAsync(db, district, ct);
        if (grids.Count == 0) return;
        var home = grids.Where(g => g.Code.StartsWith(community, StringComparison.Ordinal)).ToList();
        if (home.Count == 0) home = grids;
        // One grid per other community, so the other streets' staff have organisations of their own.
        var others = grids.Where(g => !g.Code.StartsWith(community, StringComparison.Ordinal)).GroupBy(g => g.Code[..12]).Select(g => g.First()).ToList();
        var communityNames = await AreaNames.GetAsync(db, others.Select(o => o.Code[..12]), ct);
        var now = clock.GetUtcNow();
        var rnd = new Random(32100);

        async Task<(string Grid, double Lat, double Lng)> PointIn((string Code, double Lat, double Lng) grid)
        {
            for (var i = 0; i < 10; i++)
            {
                var (lat, lng) = (grid.Lat + (rnd.NextDouble() - 0.5) * 0.0006, grid.Lng + (rnd.NextDouble() - 0.5) * 0.0006);
                if (await locator.LocateAsync(lat, lng, ct) is { } found && found.Grid.Code == grid.Code) return (grid.Code, lat, lng);
            }
            return (grid.Code, grid.Lat, grid.Lng);
        }

        var serial = 0;
        string CreditCodeOf(OrganisationKind kind)
        {
            var first = kind switch { OrganisationKind.SocialOrganisation => "52", OrganisationKind.StationedUnit => "12", _ => "91" };
            var first17 = first + district + "MA" + (++serial * 7919 % 10_000_000).ToString("0000000", CultureInfo.InvariantCulture);
            return first17 + CreditCode.CheckCharacter(first17);
        }

        void AddOrganisation(string name, OrganisationKind kind, int employees, int partyMembers, bool partyOrg, (string Grid, double Lat, double Lng) at, string address)
        {
            var org = new Organisation
            {
                Name = name, Kind = kind, AreaCode = at.Grid, Address = address, Lat = at.Lat, Lng = at.Lng,
                CreditCode = kind is OrganisationKind.ResidentsCommittee or OrganisationKind.OwnersCommittee ? null : CreditCodeOf(kind),
                ContactName = "王李张刘陈杨"[rnd.Next(6)] + (rnd.Next(2) == 0 ? "先生" : "女士"),
                Employees = employees, PartyMembers = partyMembers, HasPartyOrganisation = partyOrg, CreatedAt = now, UpdatedAt = now,
            };
            Organisations.SetPhone(org, pd, "13" + rnd.Next(0, 10).ToString(CultureInfo.InvariantCulture) + rnd.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture));
            db.Add(org);
        }

        var n = 0;
        foreach (var (name, kind, employees, members, partyOrg) in Home)
            AddOrganisation(name, kind, employees, members, partyOrg, await PointIn(home[n++ % home.Count]), $"凤栖苑{1 + rnd.Next(30)}号");
        n = 0;
        foreach (var grid in others.Take(Elsewhere.Length * 2))
        {
            var (suffix, kind, employees, members, partyOrg) = Elsewhere[n++ % Elsewhere.Length];
            var communityName = communityNames.GetValueOrDefault(grid.Code[..12], grid.Code[..12]);
            var prefix = kind is OrganisationKind.ResidentsCommittee or OrganisationKind.OwnersCommittee ? communityName : "南京" + communityName.Replace("社区", "");
            AddOrganisation(prefix + suffix, kind, employees, members, partyOrg, await PointIn(grid), communityName + (1 + rnd.Next(50)) + "号");
        }

        // Places: 30 in the demo community, 10 elsewhere; codes allocated per county + 大类 + 小类 as the API does.
        var serials = new Dictionary<string, int>();
        for (var i = 0; i < 40; i++)
        {
            var (kind, name, major, minor) = Things[i % Things.Length];
            // The first eight (covers, lamps, a hydrant, a sign, a bin, a tree) go to the demo grid worker's grid; the rest spread out.
            var at = await PointIn(i < 8 ? home[0] : i < 30 ? home[(i - 8) % home.Count] : others.Count > 0 ? others[i % others.Count] : home[0]);
            var prefix = at.Grid[..6] + major + minor;
            serials[prefix] = serials.GetValueOrDefault(prefix) + 1;
            var code = new ComponentCode(at.Grid[..6], major, minor, serials[prefix]);
            db.Add(new Place
            {
                Kind = kind, Name = $"{name}{serials[prefix]:00}", Code = code.ToString(), Major = major, Lat = at.Lat, Lng = at.Lng, AreaCode = at.Grid,
                Status = i % 9 == 4 ? PlaceStatus.Damaged : i % 17 == 8 ? PlaceStatus.Lost : PlaceStatus.Normal,
                CameraPointId = kind == PlaceKind.Camera ? $"{at.Grid[..6]}00001320{i:000000}" : null,
                CreatedAt = now, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
