using System.Globalization;
using Gongzhi.Web.Platform.Data;

namespace Gongzhi.Web.Modules.Areas;

/// <summary>The demo district's areas (see <see cref="DemoAreas"/>) and its grid staff: about 95 % of grids have a manager.</summary>
sealed class AreasDemoSeeder(IConfiguration config, IHostEnvironment env, TimeProvider clock) : IDemoSeeder
{
    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"];
    static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东"];

    public int Order => 10;

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        var district = config["Demo:District"] ?? "320105";
        var areas = DemoAreas.Generate(DemoAreas.ReadDivisions(DemoAreas.DivisionFile(env.ContentRootPath, district)));
        db.Areas().AddRange(areas);
        var now = clock.GetUtcNow();
        var rnd = new Random(2157);
        string Person() => Surnames[rnd.Next(Surnames.Length)] + Given[rnd.Next(Given.Length)];
        string Phone() => "13" + rnd.Next(0, 10).ToString(CultureInfo.InvariantCulture) + rnd.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        foreach (var grid in areas.Where(a => a.Level == AreaLevel.Grid))
        {
            if (rnd.NextDouble() < 0.95)
                db.GridStaff().Add(new GridStaff { AreaCode = grid.Code, Name = Person(), Phone = Phone(), Role = GridRole.Manager, FullTime = rnd.NextDouble() < 0.9, CreatedAt = now });
            db.GridStaff().Add(new GridStaff { AreaCode = grid.Code, Name = Person(), Phone = Phone(), Role = GridRole.Assistant, CreatedAt = now });
            if (rnd.NextDouble() < 0.8)
                db.GridStaff().Add(new GridStaff { AreaCode = grid.Code, Name = Person(), Phone = Phone(), Role = GridRole.Supervisor, CreatedAt = now });
        }
        await db.SaveChangesAsync(ct);
    }
}
