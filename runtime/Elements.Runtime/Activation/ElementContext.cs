using System.Text.Json.Nodes;
using Elements.Definitions;

namespace Elements.Activation;

/// <summary>
/// What an activated element knows about itself: its definition, the app serving it and, for a child inherited from a
/// Type (e.g. <c>auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc</c>), the instance it was activated for.
/// </summary>
public sealed class ElementContext
{
    public required ElementDefinition Definition { get; init; }

    public required ElementApp App { get; init; }

    /// <summary>
    /// For an element reached through an Instance as an inherited child: the owning Instance's context (its definition
    /// and config). Null otherwise.
    /// </summary>
    public ElementContext? Owner { get; init; }

    public string FullName => Definition.FullName;

    public JsonObject Config => Definition.Config;

    public override string ToString() => Definition.ToString();
}
