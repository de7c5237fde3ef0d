using System.Text.Json.Nodes;
using Elements.Testing.Files;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Support;

/// <summary>
/// An app folder written by a test under a private temp directory (the runtime looks at an app's sibling folders for
/// the apps it extends, so each app gets a parent of its own). Deleted on dispose.
/// </summary>
public sealed class AppFolder : IDisposable
{
    private readonly TempDirectory _parent;

    private AppFolder(TempDirectory parent, string path)
    {
        _parent = parent;
        Path = path;
    }

    public string Path { get; }

    public static AppFolder Create(JsonObject? settings = null, IReadOnlyDictionary<string, string>? envVars = null)
    {
        var parent = TempDirectory.Create("elements-std-tests");
        var path = System.IO.Path.Combine(parent.Path, "testApp");
        AppFiles.WriteManifest(path, "test.StdApp", "Std element tests", envVars, settings);
        return new AppFolder(parent, path);
    }

    /// <summary>Writes <c>e.json</c> of <paramref name="fullName"/> (dots are folders) and, optionally, a business config file.</summary>
    public void WriteElement(string fullName, string eJson, string? configFileName = null, string? configJson = null) =>
        AppFiles.WriteElement(Path, fullName, eJson, configFileName, configJson);

    /// <summary>Writes <c>e.json</c> of <paramref name="fullName"/> and, when given, the business config as <c>Name.json</c>.</summary>
    public string WriteElement(string fullName, JsonObject eJson, JsonObject? businessConfig = null) =>
        AppFiles.WriteElement(Path, fullName, eJson.ToJsonString(), businessConfig is null ? null : fullName.Split('.')[^1] + ".json",
            businessConfig?.ToJsonString());

    /// <summary>Copies an existing element folder (e.g. the sample app's) to the same place in this app.</summary>
    public void CopyElement(string sourceFolder, string fullName)
    {
        var target = System.IO.Path.Combine([Path, .. fullName.Split('.')]);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(sourceFolder))
        {
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        }
    }

    /// <summary>A WeChatMiniType instance exactly in the shape JitAi documents (plus the optional apiBaseUrl).</summary>
    public void WriteMiniLogin(string name, string appId, string secretVariable, int allowRegister, string? apiBaseUrlVariable = null)
    {
        var eJson = new JsonObject
        {
            ["type"] = "auths.loginTypes.WeChatMiniType",
            ["title"] = "WeChat Mini Program Login " + name,
            ["allowRegister"] = allowRegister,
            ["backendBundleEntry"] = ".",
            ["frontBundleEntry"] = $"./{name}.json",
        };
        var authConfig = new JsonObject { ["appId"] = appId, ["appSecret"] = "{{" + secretVariable + "}}" };
        if (apiBaseUrlVariable is not null)
        {
            authConfig["apiBaseUrl"] = "{{" + apiBaseUrlVariable + "}}";
        }

        WriteElement("auths.loginTypes." + name, eJson.ToJsonString(), name + ".json", new JsonObject { ["authConfig"] = authConfig }.ToJsonString());
    }

    public ElementApp Load() => ElementApp.Load(Path, b => b.AddStdElements());

    public void Dispose() => _parent.Dispose();
}
