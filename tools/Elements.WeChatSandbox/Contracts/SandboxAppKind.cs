using System.Text.Json.Serialization;

namespace Elements.WeChatSandbox.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<SandboxAppKind>))]
public enum SandboxAppKind
{
    /// <summary>An official account: web OAuth2 consent page, customer-service messages.</summary>
    [JsonStringEnumMemberName("official")]
    Official = 0,

    /// <summary>A mini program: wx.login codes, phone codes, open data.</summary>
    [JsonStringEnumMemberName("mini")]
    Mini = 1,
}
