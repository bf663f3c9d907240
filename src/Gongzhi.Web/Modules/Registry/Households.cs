using System.ComponentModel.DataAnnotations;
using Gongzhi.Web.Modules.Areas.Public;
using Gongzhi.Web.Platform.Auth;
using Gongzhi.Web.Platform.Data;
using Gongzhi.Web.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Gongzhi.Web.Modules.Registry;

/// <summary>Households of a building (RG-1): list, add, read with their members (masked).</summary>
public static class Households
{
    public sealed record Create([property: Required, MaxLength(18)] string BuildingCode, [property: Required, MaxLength(20)] string Room);
    public sealed record Item(Guid Id, string BuildingCode, string Room, int Members, Guid? HeadPersonId);
    public sealed record Detail(Guid Id, string BuildingCode, string BuildingName, string Room, Guid? HeadPersonId, IReadOnlyList<People.View> Members);

    public static void Map(RouteGroupBuilder registry)
    {
        var households = registry.MapGroup("/households");
        households.MapGet("/", async (string building, GongzhiDb db, Caller caller, CancellationToken ct) =>
                TypedResults.Ok(await ListAsync(db, caller, building, ct)))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("The households of a building (18-digit code), with their member counts");
        households.MapPost("/", async (Create body, GongzhiDb db, TimeProvider clock, Caller caller, CancellationToken ct) =>
            {
                var h = await CreateAsync(db, clock, caller, body, ct);
                return TypedResults.Created($"/api/registry/households/{h.Id}", h);
            })
            .RequirePermission(Permission.RegistryWrite)
            .WithSummary("Add a household (a room of a building); 409 when the room is already a household");
        households.MapGet("/{id:guid}", async Task<Results<Ok<Detail>, ProblemHttpResult>> (Guid id, GongzhiDb db, Caller caller, HttpContext http, CancellationToken ct) =>
                await GetAsync(db, caller, id, ct) is { } d ? TypedResults.Ok(d) : Problems.NotFound(http))
            .RequirePermission(Permission.RegistryRead)
            .WithSummary("A household with its members (masked)");
    }

    public static async Task<List<Item>> ListAsync(GongzhiDb db, Caller caller, string building, CancellationToken ct)
    {
        var people = db.Set<Person>();
        return await db.Set<Household>().InScope(caller, Permission.RegistryRead).AsNoTracking().Where(h => h.AreaCode == building)
            .OrderBy(h => h.Room)
            .Select(h => new Item(h.Id, h.AreaCode, h.Room, people.Count(p => p.HouseholdId == h.Id), h.HeadPersonId)).ToListAsync(ct);
    }

    public static async Task<Item> CreateAsync(GongzhiDb db, TimeProvider clock, Caller caller, Create body, CancellationToken ct)
    {
        var building = body.BuildingCode.Trim();
        var room = body.Room.Trim();
        if (building.Length != 18 || !await AreaNames.ExistsAsync(db, building, ct))
            throw new DomainException("registry.building", "Name a known building (18 digits)", building);
        if (!caller.Can(Permission.RegistryWrite, building)) throw new DomainException("area.scope", "The area is outside your scope") { Status = 403 };
        if (room.Length == 0) throw new DomainException("registry.room", "Name the room");
        if (await db.Set<Household>().AnyAsync(h => h.AreaCode == building && h.Room == room, ct))
            throw DomainException.Conflict("registry.household.exists", "This room is already a household", room);
        var h = new Household { AreaCode = building, Room = room, CreatedAt = clock.GetUtcNow() };
        db.Add(h);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("registry.household.exists", "This room is already a household", room); // made at the same moment elsewhere
        }
        return new Item(h.Id, h.AreaCode, h.Room, 0, null);
    }

    public static async Task<Detail?> GetAsync(GongzhiDb db, Caller caller, Guid id, CancellationToken ct)
    {
        var h = await db.Set<Household>().InScope(caller, Permission.RegistryRead).AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (h is null) return null;
        var views = await People.ViewsAsync(db, People.Readable(db, caller).AsNoTracking().Where(p => p.HouseholdId == id).OrderBy(p => p.Name), ct);
        var names = await AreaNames.PathNamesAsync(db, [h.AreaCode], ct);
        return new Detail(h.Id, h.AreaCode, names.GetValueOrDefault(h.AreaCode, h.AreaCode), h.Room, h.HeadPersonId, views);
    }
}
