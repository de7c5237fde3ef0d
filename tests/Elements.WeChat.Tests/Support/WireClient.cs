using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Elements.WeChat.Tests.Support;

/// <summary>Raw HTTP calls on the sandbox's WeChat paths, returning the response and its parsed body.</summary>
public static class WireClient
{
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> GetAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        return (response, (JsonObject)JsonNode.Parse(text)!);
    }

    public static async Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(HttpClient http, string pathAndQuery, object body)
    {
        var response = await http.PostAsync(pathAndQuery, JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response, (JsonObject)JsonNode.Parse(text)!);
    }

    public static int? Errcode(this JsonObject body) => body["errcode"]?.GetValue<int>();

    public static string Str(this JsonObject body, string name) => body[name]!.GetValue<string>();
}
