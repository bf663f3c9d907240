using Gongzhi.Web.Platform.Audit;
using Gongzhi.Web.Platform.Auth;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Platform.Data;

/// <summary>
/// The one database context. Modules contribute their entities through <see cref="IEntityTypeConfiguration{T}"/>
/// classes beside the entity and reach their tables with <c>db.Set&lt;T&gt;()</c> (usually through a small extension in
/// the module), so the platform knows no module. One derived type per provider carries that provider's migrations.
/// </summary>
public abstract class GongzhiDb(DbContextOptions options) : IdentityDbContext<User>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GongzhiDb).Assembly);
    }
}
