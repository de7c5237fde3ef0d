using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;

namespace Elements.Cli.Tests;

/// <summary><c>elements show</c>.</summary>
public sealed class ShowTests
{
    [Fact]
    public async Task Show_json_describes_each_function_with_its_args_return_type_and_login()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("show", "auths.loginTypes.PasswordType", "--app", app.Root, "--json");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        var functions = JsonNode.Parse(stdout)!["functions"]!.AsArray();
        Assert.Equal(["register", "getLoginCode"], functions.Select(f => (string)f!["name"]!));
        var register = functions[0]!;
        Assert.Equal("Register a user with a username and password", (string?)register["title"]);
        Assert.Equal("RowData", (string?)register["returnType"]);
        Assert.False((bool)register["loginRequired"]!);
        var args = register["args"]!.AsArray();
        Assert.Equal(2, args.Count);
        Assert.Equal("password", (string?)args[1]!["name"]);
        Assert.Equal("Password", (string?)args[1]!["title"]);
        Assert.Equal("Password", (string?)args[1]!["dataType"]);
    }

    [Fact]
    public async Task Show_json_marks_functions_that_need_a_login()
    {
        using var app = TempApp.Create();
        app.Write("services/Hello/e.json", """
            { "title": "Hello", "type": "services.NormalType",
              "functionList": [ { "name": "greet", "args": [ { "name": "who" } ] } ] }
            """);
        app.Write("services/Hello/Hello.cs", $$"""
            // {{Guid.NewGuid()}}
            using Elements.Activation;
            namespace Demo;
            [ElementType("services.Hello")]
            public sealed class Hello { public string Greet(string who) => "Hello " + who; }
            """);
        var (exitCode, stdout, stderr) = await CliRunner.Run("show", "services.Hello", "--app", app.Root, "--json");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        var greet = JsonNode.Parse(stdout)!["functions"]!.AsArray().Single()!;
        Assert.True((bool)greet["loginRequired"]!);
        Assert.Null(greet["returnType"]);
        Assert.Equal("who", (string?)greet["args"]![0]!["name"]);
    }
}
