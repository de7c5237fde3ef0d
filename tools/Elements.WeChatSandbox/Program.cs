// The sandbox as a standalone server: dotnet run --project tools/Elements.WeChatSandbox -- --urls http://127.0.0.1:5990
// Apps and users can be seeded from configuration (section "WeChatSandbox": Apps, Users).
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddWeChatSandbox(options => builder.Configuration.GetSection("WeChatSandbox").Bind(options));

var app = builder.Build();
app.MapGet("/", () => Results.Text("Elements WeChat sandbox. Control API under /sandbox, WeChat API at its real paths.\n"));
app.MapWeChatSandbox();
app.Run();
