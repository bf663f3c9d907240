using Gongzhi.Web.Modules;
using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.AddModules();

var app = builder.Build();
app.MapPlatform();
app.MapModules();

if (await app.PrepareDatabaseAsync(args)) await app.RunAsync();

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
