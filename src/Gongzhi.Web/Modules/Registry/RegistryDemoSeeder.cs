using System.Globalization;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>
/// Demo people: the households of the buildings of the demo community 凤栖苑 (320105001001), two or three people each,
/// with generated ID numbers that pass GB 11643 (region 320105, check character computed), phones and some special-group
/// tags. All personal data goes through <see cref="PersonalData"/> as a real entry would.
/// </summary>
sealed class RegistryDemoSeeder(IConfiguration config, PersonalData pd, TimeProvider clock) : IDemoSeeder
{
    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
    static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "秀英", "桂英", "建华", "晓东", "玉兰", "志强"];

    public int Order => 300;

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        var community = (config["Demo:District"] ?? "320105") + "001001";
        var buildings = await AreaNames.BuildingsAsync(db, community, ct);
        var now = clock.GetUtcNow();
        await pd.ReadyAsync(ct);
        var rnd = new Random(11643);
        var serial = 0;
        foreach (var building in buildings)
            for (var floor = 1; floor <= 2; floor++)
            {
                var household = new Household { AreaCode = building, Room = $"{floor}0{1 + rnd.Next(4)}", CreatedAt = now };
                if (db.ChangeTracker.Entries<Household>().Any(e => e.Entity.AreaCode == building && e.Entity.Room == household.Room)) continue;
                db.Add(household);
                var members = 2 + rnd.Next(2);
                for (var m = 0; m < members; m++)
                {
                    var born = new DateOnly(1940 + rnd.Next(75), 1 + rnd.Next(12), 1 + rnd.Next(28));
                    var first17 = building[..6] + born.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (500 + ++serial % 500).ToString("000", CultureInfo.InvariantCulture);
                    var idNumber = first17 + IdNumber.CheckCharacter(first17);
                    var person = new Person
                    {
                        Name = Surnames[rnd.Next(Surnames.Length)] + Given[rnd.Next(Given.Length)], AreaCode = building, HouseholdId = household.Id,
                        Residence = rnd.Next(10) < 7 ? Residence.Registered : rnd.Next(2) == 0 ? Residence.Resident : Residence.Floating,
                        Political = rnd.Next(10) == 0 ? Political.PartyMember : Political.Masses,
                        Tags = Person.JoinTags(born.Year < 1950 && rnd.Next(3) == 0 ? ["独居老人"] : rnd.Next(15) == 0 ? ["低保"] : rnd.Next(20) == 0 ? ["残疾人"] : []),
                        CreatedAt = now, UpdatedAt = now,
                    };
                    var phone = "13" + rnd.Next(0, 10).ToString(CultureInfo.InvariantCulture) + rnd.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
                    People.SetIdNumber(person, pd, idNumber, await pd.HashAsync(idNumber, ct), null, null);
                    People.SetPhone(person, pd, phone);
                    if (m == 0) household.HeadPersonId = person.Id;
                    db.Add(person);
                }
            }
        await db.SaveChangesAsync(ct);
    }
}
