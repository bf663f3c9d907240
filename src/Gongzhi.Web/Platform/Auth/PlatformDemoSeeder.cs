using Gongzhi.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Auth;

/// <summary>One demo account per role, all with <see cref="DemoSeeding.DemoPassword"/> (never in Production).</summary>
sealed class PlatformDemoSeeder(UserManager<User> users, TimeProvider clock) : IDemoSeeder
{
    public static readonly (string Email, string Name, AppRole Role, string Area)[] Accounts =
    [
        ("admin@gongzhi.local", "区管理员 王建国", AppRole.DistrictAdmin, "320105"),
        ("city@gongzhi.local", "市级管理员 周海", AppRole.DistrictAdmin, "3201"),
        ("street@gongzhi.local", "莫愁湖街道 李敏", AppRole.StreetStaff, "320105001"),
        ("secretary@gongzhi.local", "社区书记 陈红", AppRole.CommunitySecretary, "320105001001"),
        ("worker@gongzhi.local", "社工 刘洋", AppRole.CommunityWorker, "320105001001"),
        ("grid@gongzhi.local", "网格员 赵磊", AppRole.GridWorker, "320105001001001"),
        ("dept@gongzhi.local", "城管局 孙强", AppRole.DepartmentStaff, "320105"),
        ("member@gongzhi.local", "党员 吴芳", AppRole.PartyMember, "320105001001"),
        ("resident@gongzhi.local", "居民 郑丽", AppRole.Resident, "320105001001"),
    ];

    public int Order => 100;

    public async Task SeedAsync(GongzhiDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (email, name, role, area) in Accounts)
        {
            var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now,
                Department = role == AppRole.DepartmentStaff ? "城管局" : null };
            var result = await users.CreateAsync(user, DemoSeeding.DemoPassword);
            if (!result.Succeeded) throw new InvalidOperationException("Demo account " + email + ": " + string.Join("; ", result.Errors.Select(e => e.Description)));
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, AreaCode = area, CreatedAt = now });
        }
        await db.SaveChangesAsync(ct);
    }
}
