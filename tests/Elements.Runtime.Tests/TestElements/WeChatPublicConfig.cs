using System.ComponentModel.DataAnnotations;
using Elements.Configuration;

namespace Elements.Runtime.Tests.TestElements;

public sealed class WeChatPublicConfig
{
    [Required]
    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    // Not caught by the name rules: only the attribute marks it.
    [Secret]
    public string? SignKey { get; set; }

    public string Scope { get; set; } = "snsapi_userinfo";

    public string? State { get; set; }

    public int AllowRegister { get; set; }
}
