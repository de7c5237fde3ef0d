using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Std.Roles;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements invoke FULLNAME FUNCTION --app DIR [--args JSON]</c>: the result as JSON on stdout, exit 0;
/// <c>{"error": {"code", "message", ...}}</c> on stderr, exit 1. <c>--user ID</c> calls as that user with the HTTP host's
/// checks (reachability, roles, row permissions, the userId rule); without it the call is trusted, as C# code's is.
/// <para>
/// <c>--input FILE.jsonl [--continue-on-fail]</c> makes one call per non-blank line, each line a JSON object: either
/// <c>{"args": {...}}</c> (exactly one key, <c>args</c>, holding an object) or the arguments object itself. Results are
/// printed one compact JSON per line, in input order. Without <c>--continue-on-fail</c> the first failure stops the
/// batch: its error goes to stderr (with <c>line</c>), exit 1. With it a failed call prints <c>{"error": {"code",
/// "message"}}</c> in its place and the batch goes on; the exit code is 1 if any call failed. <c>-</c> reads stdin.
/// </para>
/// </summary>
internal static class InvokeCommand
{
    private static readonly JsonSerializerOptions Line = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create(AppLoader loader, CliConsole console)
    {
        var (stdout, stderr, stdin) = (console.Out, console.Error, console.In);
        var fullName = new Argument<string>("fullName") { Description = "The element's full name." };
        var function = new Argument<string>("function") { Description = "A function of its functionList." };
        var app = new AppOptions();
        var args = new Option<string>("--args") { Description = "The arguments as a JSON object, e.g. {\"code\": \"abc\"}." };
        var input = new Option<string>("--input")
        {
            Description = "A JSON Lines file (or - for stdin): one call per line, {\"args\": {...}} or the arguments object itself.",
        };
        var user = new Option<long?>("--user")
        {
            Description = "Call as this user id, with the same checks as the HTTP host (reachability, roles, rows, the userId rule).",
        };
        var continueOnFail = new Option<bool>("--continue-on-fail")
        {
            Description = "With --input: print {\"error\": ...} for a failed call and go on (exit 1 if any failed).",
        };
        var command = new Command("invoke", "Call an element function through the same invoker the HTTP host uses.")
        {
            fullName, function, app, args, input, continueOnFail, user,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(args) is not null && result.GetResult(input) is not null)
            {
                result.AddError("--args and --input cannot be used together.");
            }
            else if (result.GetResult(continueOnFail) is not null && result.GetResult(input) is null)
            {
                result.AddError("--continue-on-fail needs --input.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                if (parse.GetValue(input) is { } inputPath)
                {
                    return await console.WithStatusAsync("Running calls...", whenOutputRedirectedOnly: true, status => RunBatchAsync(loader, status, stdout, stderr, stdin, inputPath, parse.GetValue(continueOnFail),
                        app.Path(parse), app.Libraries(parse), app.Variables(parse),
                        new CallTarget(parse.GetRequiredValue(fullName), parse.GetRequiredValue(function), parse.GetValue(user)), cancellationToken));
                }

                JsonObject? arguments = null;
                if (parse.GetValue(args) is { } text)
                {
                    try
                    {
                        arguments = JsonNode.Parse(text) as JsonObject
                            ?? throw new ElementException(ElementErrorCodes.InvalidArgs, "--args must be a JSON object");
                    }
                    catch (JsonException ex)
                    {
                        throw new ElementException(ElementErrorCodes.InvalidArgs, $"--args is not valid JSON: {ex.Message}", ex);
                    }
                }

                using var loaded = app.Load(loader, parse);
                var target = new CallTarget(parse.GetRequiredValue(fullName), parse.GetRequiredValue(function), parse.GetValue(user));
                var result = await target.InvokeAsync(loaded, arguments, cancellationToken);
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

    private static async Task<int> RunBatchAsync(AppLoader loader, Action<string> status, TextWriter stdout, TextWriter stderr, TextReader stdin,
        string inputPath, bool continueOnFail, string appPath, string[] libraries, string[] variables, CallTarget target,
        CancellationToken cancellationToken)
    {
        TextReader reader;
        if (inputPath == "-")
        {
            reader = stdin;
        }
        else
        {
            try
            {
                reader = new StreamReader(inputPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"cannot read --input '{inputPath}': {ex.Message}", ex);
            }
        }

        using var ownedReader = inputPath == "-" ? null : reader;
        using var loaded = loader.Load(appPath, libraries, variables);
        var lineNumber = 0;
        var calls = 0;
        var failures = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            calls++;
            status($"Call {calls} (line {lineNumber}), {failures} failed so far...");
            try
            {
                var result = await target.InvokeAsync(loaded, ParseLine(line, lineNumber), cancellationToken);
                stdout.WriteLine(result?.ToJsonString(Line) ?? "null");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                var error = ErrorObject(ex);
                if (!continueOnFail)
                {
                    error["line"] = lineNumber;
                    CliOutput.WriteJson(stderr, new JsonObject { ["error"] = error });
                    return 1;
                }

                stdout.WriteLine(new JsonObject { ["error"] = error }.ToJsonString(Line));
            }
        }

        if (failures > 0)
        {
            stderr.WriteLine($"{failures} of {calls} call(s) failed");
            return 1;
        }

        return 0;
    }

    private static JsonObject? ParseLine(string line, int lineNumber)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new ElementException(ElementErrorCodes.InvalidArgs, $"line {lineNumber} is not valid JSON: {ex.Message}", ex);
        }

        if (node is not JsonObject obj)
        {
            throw new ElementException(ElementErrorCodes.InvalidArgs, $"line {lineNumber} must hold a JSON object");
        }

        if (obj.Count == 1 && obj["args"] is { } wrapped)
        {
            if (wrapped is not JsonObject args)
            {
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"line {lineNumber}: 'args' must be a JSON object");
            }

            obj.Remove("args");
            return args;
        }

        return obj;
    }

    /// <summary>What to call, and as whom: a trusted call, or with <c>--user</c> the host's checks for that user.</summary>
    private sealed record CallTarget(string FullName, string Function, long? UserId)
    {
        public async Task<JsonNode?> InvokeAsync(ElementApp app, JsonObject? args, CancellationToken cancellationToken)
        {
            if (UserId is not { } userId)
            {
                return await app.InvokeAsync(FullName, Function, args, cancellationToken);
            }

            var authorizer = app.Services.GetRequiredService<ElementAuthorizer>();
            using var call = authorizer.Prepare(FullName, Function);
            var caller = await authorizer.AuthorizeAsync(call, authenticated: true, userId, cancellationToken);
            ElementAuthorizer.CheckArguments(caller, call, args);
            return await call.InvokeAsync(args, caller, cancellationToken);
        }
    }

    private static JsonObject ErrorObject(Exception exception) => exception is ElementException e
        ? new JsonObject { ["code"] = e.Code, ["message"] = e.Message }
        : new JsonObject { ["code"] = ElementErrorCodes.Internal, ["message"] = exception.Message };
}
