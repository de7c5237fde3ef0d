// The sandbox as a standalone server: dotnet run --project tools/Elements.WechatSandbox -- --urls http://127.0.0.1:5990
// Apps and users can be seeded from configuration (section "WechatSandbox": Apps, Users).
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddWechatSandbox(options => builder.Configuration.GetSection("WechatSandbox").Bind(options));

var app = builder.Build();
app.MapGet("/", () => Results.Text("Elements WeChat sandbox. Control API under /sandbox, WeChat API at its real paths.\n"));
app.MapWechatSandbox();
app.Run();
