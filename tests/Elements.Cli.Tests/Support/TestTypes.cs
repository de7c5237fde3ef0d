using Elements.Activation;
using Elements.Std.Auths.WeChatPublic;

namespace Elements.Cli.Tests.Support;

/// <summary>Type classes for the Type folders tests write into temp apps (an element whose type is a Type is an
/// Instance unless a class implements it).</summary>
[ElementType("services.GreeterType")]
public sealed class GreeterType;

/// <summary>A derived login Type with no scaffold of its own: <c>elements new</c> uses its base Type's.</summary>
[ElementType("auths.loginTypes.ShopPublicType", ConfigType = typeof(WeChatPublicConfig))]
public sealed class ShopPublicType;
