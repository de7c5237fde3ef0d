// The Elements web host: `dotnet run --project app`, then open the URL the banner prints.
// `dotnet run -c Release --project app -- bench logins` runs the login load bench instead (Host/Bench).
// Everything lives in Host/ so tests can build the same app on a free port (ElementsHost.Build).
using Elements.Host;
using Elements.Host.Bench;

if (args is ["bench", .. var benchArgs])
{
    return await LoginBench.RunAsync(benchArgs);
}

var app = ElementsHost.Build(args);
await app.RunAsync();
return 0;
