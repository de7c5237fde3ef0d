using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Scripting;
using Elements.Testing.Golden;

namespace Elements.Cli.Tests;

/// <summary>C# in app element folders, compiled with Roslyn when the CLI loads the app; <c>elements new type</c>.</summary>
public sealed class CompiledElementTests
{
    private static TempApp CreateHelloApp()
    {
        var app = TempApp.Create();
        app.Write("services/HelloType/e.json", """
            { "title": "Hello type", "type": "services.Meta", "functionList": [
              { "name": "greet", "args": [ { "name": "name", "dataType": "Stext" } ], "returnType": "Stext", "loginRequired": 0 } ] }
            """);
        app.Write("services/HelloType/HelloType.cs", $$"""
            // {{Guid.NewGuid()}}: a fresh hash per test run
            using Elements.Activation;
            namespace Demo;
            public sealed class HelloConfig { public string Greeting { get; set; } = "Hello"; }
            [ElementType("services.HelloType", ConfigType = typeof(HelloConfig))]
            public sealed class HelloType(HelloConfig config)
            {
                public string Greet(string name) => $"{config.Greeting}, {name}!";
            }
            """);
        app.Write("services/Hello/e.json", """{ "title": "Hello", "type": "services.HelloType", "greeting": "Hi" }""");
        return app;
    }

    [Fact]
    public async Task Element_code_is_compiled_at_load_and_callable()
    {
        using var app = CreateHelloApp();
        var (exitCode, stdout, stderr) = await CliRunner.Run("invoke", "services.Hello", "greet", "--app", app.Root, "--args", """{"name": "Ann"}""");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Equal("\"Hi, Ann!\"\n", stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Unchanged_app_is_not_recompiled_and_a_change_is()
    {
        using var app = CreateHelloApp();
        var first = ElementCompiler.Compile(app.Root)!;
        Assert.False(first.FromCache);
        Assert.True(File.Exists(Path.Combine(app.Root, ElementCompiler.CacheFolder, first.Hash + ".dll")));

        var second = ElementCompiler.Compile(app.Root)!;
        Assert.True(second.FromCache);
        Assert.Same(first.Assembly, second.Assembly);

        File.AppendAllText(app.Full("services/HelloType/HelloType.cs"), "\n// changed\n");
        var third = ElementCompiler.Compile(app.Root)!;
        Assert.False(third.FromCache);
        Assert.NotEqual(first.Hash, third.Hash);
    }

    [Fact]
    public async Task Compile_errors_are_load_diagnostics_with_positions()
    {
        using var app = CreateHelloApp();
        app.Write("services/HelloType/Broken.cs", """
            namespace Demo;
            public static class Broken
            {
                public static int Value() => "text";
            }
            """);
        var (exitCode, stdout, _) = await CliRunner.Run("validate", "--app", app.Root);
        Assert.Equal(1, exitCode);
        Golden.Verify("compile-error.txt", stdout);
    }

    [Fact]
    public async Task Apps_whose_project_compiles_the_folder_are_left_to_msbuild()
    {
        using var app = CreateHelloApp();
        app.Write("Host.csproj", "<Project />");
        app.Write("Program.cs", "this is not C#");
        Assert.Null(ElementCompiler.Compile(app.Root));
        // Program.cs is not compiled (it would not compile), and neither is the element code: greet has no class.
        var (exitCode, _, stderr) = await CliRunner.Run("validate", "--app", app.Root);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        var (invoked, _, invokeError) = await CliRunner.Run("invoke", "services.Hello", "greet", "--app", app.Root, "--args", """{"name": "Ann"}""");
        Assert.Equal(1, invoked);
        Assert.Contains("\"code\"", invokeError);
    }

    [Fact]
    public async Task A_project_without_default_compile_items_leaves_element_code_to_the_runtime()
    {
        // The sample app's layout: the host project compiles only its own files, so the element folders are the runtime's.
        using var app = CreateHelloApp();
        app.Write("Host.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup><EnableDefaultCompileItems>false</EnableDefaultCompileItems></PropertyGroup>
              <ItemGroup><Compile Include="Program.cs" /></ItemGroup>
            </Project>
            """);
        app.Write("Program.cs", "this is not C#");
        Assert.NotNull(ElementCompiler.Compile(app.Root));
        var (exitCode, stdout, stderr) = await CliRunner.Run("invoke", "services.Hello", "greet", "--app", app.Root, "--args", """{"name": "Ann"}""");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Equal("\"Hi, Ann!\"\n", stdout.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task New_type_creates_a_derived_type_that_loads_and_takes_instances()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "type", "models.AuditedType", "--extends", "models.NormalType", "--app", app.Root);
        Assert.True(stderr == "", stderr);
        Assert.Equal(0, exitCode);
        Golden.Verify("new-type.txt", stdout.Replace(app.Root, "<app>").Replace('\\', '/'));
        Golden.Verify("new-type.AuditedType.cs.txt", app.Read("models/AuditedType/AuditedType.cs"));

        Assert.Equal(0, (await CliRunner.Run("new", "models.Audit", "--type", "models.AuditedType", "--app", app.Root)).ExitCode);
        var (created, row, createError) = await CliRunner.Run("invoke", "models.Audit", "create", "--app", app.Root, "--args", """{"rowData": {}}""");
        Assert.True(createError == "", createError);
        Assert.Equal(0, created);
        Assert.Equal(1, (int)JsonNode.Parse(row)!["id"]!);

        // A sealed base class: a stand-alone skeleton with stubs for the inherited functions, which compiles.
        var (sealedExit, _, sealedError) = await CliRunner.Run("new", "type", "messages.ShopMessagesType", "--extends", "messages.WechatCustomType",
            "--app", app.Root);
        Assert.True(sealedError == "", sealedError);
        Assert.Equal(0, sealedExit);
        Assert.Contains("public Task<JsonNode?> SendTextAsync(JsonNode? openid, JsonNode? content, JsonNode? kfAccount)",
            app.Read("messages/ShopMessagesType/ShopMessagesType.cs"));

        var (again, _, againError) = await CliRunner.Run("new", "type", "models.AuditedType", "--extends", "models.NormalType", "--app", app.Root);
        Assert.Equal(1, again);
        Assert.Contains("EL_FILE_EXISTS", againError);
    }
}
