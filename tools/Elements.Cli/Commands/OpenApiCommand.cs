using System.CommandLine;
using System.Text;
using Elements.Hosting.AspNetCore;
using Elements.Hosting.AspNetCore.OpenApi;
using Elements.Std.Roles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements openapi --app DIR [-o FILE]</c>: the app's element API as the host's <c>/openapi/v1.json</c> describes it
/// (<see cref="ElementApiDescriber"/>, the host's own code), without starting a host, for client generators and CI.
/// Endpoints an app's host maps in its own C# are not in the app folder and so only in the served document. Secret
/// placeholders need no values: nothing is called.
/// </summary>
internal static class OpenApiCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions();
        var output = new Option<string>("--output", "-o") { Description = "Write the document to this file instead of standard output." };
        var command = new Command("openapi", "Write the OpenAPI 3.1 document of the app's element API.") { app, output };
        command.SetAction(parse => CliOutput.Guard(stderr, () =>
        {
            using var loaded = app.Load(loader, parse, AppLoader.StandIn);
            var describer = new ElementApiDescriber(loaded, loaded.Services.GetRequiredService<ElementAuthorizer>(),
                Options.Create(new ElementsHostOptions()));
            var json = Encoding.UTF8.GetString(describer.DescribeAsUtf8Json().Span) + "\n";
            if (parse.GetValue(output) is { } file)
            {
                var path = Path.GetFullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, json);
                stderr.WriteLine($"wrote {path}");
            }
            else
            {
                stdout.Write(json);
            }

            return 0;
        }));
        return command;
    }
}
