// The Elements web host: `dotnet run --project app`, then open the URL the banner prints.
// Everything lives in Host/ so tests can build the same app on a free port (ElementsHost.Build).
using Elements.Host;

var app = ElementsHost.Build(args);
await app.RunAsync();
