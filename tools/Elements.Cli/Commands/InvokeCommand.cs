using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Cli.Commands;

/// <summary><c>elements invoke FULLNAME FUNCTION --app DIR [--args JSON]</c>: the result as JSON on stdout, exit 0;
/// <c>{"error": {"code", "message", ...}}</c> on stderr, exit 1.</summary>
internal static class InvokeCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var fullName = new Argument<string>("fullName") { Description = "The element's full name." };
        var function = new Argument<string>("function") { Description = "A function of its functionList." };
        var app = CliOptions.App();
        var libraries = CliOptions.Libraries();
        var variables = CliOptions.Variables();
        var args = new Option<string>("--args") { Description = "The arguments as a JSON object, e.g. {\"code\": \"abc\"}." };
        var command = new Command("invoke", "Call an element function through the same invoker the HTTP host uses.")
        {
            fullName, function, app, libraries, variables, args,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                JsonObject? arguments = null;
                if (parse.GetValue(args) is { } text)
                {
                    try
                    {
                        arguments = JsonNode.Parse(text) as JsonObject
                            ?? throw new ElementException("EL_INVALID_ARGS", "--args must be a JSON object");
                    }
                    catch (JsonException ex)
                    {
                        throw new ElementException("EL_INVALID_ARGS", $"--args is not valid JSON: {ex.Message}", ex);
                    }
                }

                using var loaded = loader.Load(parse.GetRequiredValue(app), parse.GetValue(libraries) ?? [], parse.GetValue(variables) ?? []);
                var result = await loaded.InvokeAsync(parse.GetRequiredValue(fullName), parse.GetRequiredValue(function), arguments,
                    cancellationToken);
                CliOutput.WriteJson(stdout, result);
                return 0;
            }
            catch (Exception ex)
            {
                return CliOutput.WriteError(stderr, ex);
            }
        });
        return command;
    }
}
