using System.Text.Json.Nodes;
using Elements.Testing.Files;

namespace Elements.Std.Tests.ApiAuths;

/// <summary>Writes an API authorization instance the documented way: an e.json naming the type and a business config.</summary>
internal static class ApiAuthFiles
{
    public static void Write(string appRoot, string fullName, string? accessKey, string? accessSecret, params string[] apis)
    {
        var config = new JsonObject
        {
            ["accessKey"] = accessKey,
            ["accessSecret"] = accessSecret,
            ["apis"] = new JsonArray([.. apis.Select(a => (JsonNode?)JsonValue.Create(a))]),
            ["remark"] = "written by a test",
        };
        var name = fullName[(fullName.LastIndexOf('.') + 1)..];
        AppFiles.WriteElement(appRoot, fullName, """{"title": "Test client", "type": "apiAuths.NormalType"}""", name + ".json", config.ToJsonString());
    }
}
