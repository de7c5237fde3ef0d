using System.Text.Json.Nodes;
using Elements.Testing;

namespace Elements.Auth.Tests.Infrastructure;

/// <summary>An app folder written by a test under a private temp directory; deleted on dispose.</summary>
public sealed class AuthAppFolder : IDisposable
{
    private readonly TempDirectory _parent;

    private AuthAppFolder(TempDirectory parent, string path)
    {
        _parent = parent;
        Path = path;
    }

    public string Path { get; }

    public static AuthAppFolder Create(IReadOnlyDictionary<string, string> envVars)
    {
        var parent = TempDirectory.Create("elements-auth-tests");
        var path = System.IO.Path.Combine(parent.Path, "authApp");
        AppFiles.WriteManifest(path, "test.AuthApp", "Auth tests", envVars);
        return new AuthAppFolder(parent, path);
    }

    /// <summary>Writes <c>e.json</c> of <paramref name="fullName"/> (dots are folders) and, optionally, a business config file.</summary>
    public void WriteElement(string fullName, string eJson, string? configFileName = null, string? configJson = null) =>
        AppFiles.WriteElement(Path, fullName, eJson, configFileName, configJson);

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

    public void Dispose() => _parent.Dispose();
}
