using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Auth;

namespace Gongzhi.Web.Modules.Party;

/// <summary>AR-4, PT-1, PT-2, PT-4, PT-5, PT-6, PT-7 (dues): the party organisation tree, members, organisational life, evaluation and care, coverage, pioneer roles, dues.</summary>
public static class PartyModule
{
    public static void AddParty(this IServiceCollection services)
    {
        services.AddScoped<Gongzhi.Web.Platform.Data.IDemoSeeder, PartyDemoSeeder>();
        services.AddScoped<Gongzhi.Web.Platform.Data.IDemoSeeder, PartyCareDemoSeeder>();
        services.AddScoped<Gongzhi.Web.Platform.Data.IDemoSeeder, PartyFundsDemoSeeder>();
    }

    public static void MapParty(this WebApplication app)
    {
        var party = app.Api("party", "Party").RequirePermission(Permission.PartyRead, Permission.PartyWrite, Permission.PartySelf);
        PartyOrgs.Map(party);
        PartyMembers.Map(party);
        PartyMeetings.Map(party);
        PartyCare.Map(party);
        PioneerRoles.Map(party);
        PartyFunds.Map(party);
        PartyLearning.Map(party);
    }
}
