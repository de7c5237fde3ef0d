using Elements.Activation;
using Elements.WeChat.Errors;

namespace Elements.Host.Tests.TestElements;

/// <summary><c>services.Echo</c> of the fixture app: one function per outcome the element API must report.</summary>
[ElementType("services.Echo")]
public sealed class EchoService
{
    public EchoReply Echo(string text) => new(text, text.Length);

    public int Add(int a, int b) => a + b;

    public void Nothing()
    {
    }

    public string WhoAmI() => "members only";

    public string Crash() => throw new InvalidOperationException("connection to /srv/private/db.sqlite failed with password hunter2");

    public string Refuse() => throw new ElementException("SHOP_OUT_OF_STOCK", "the item is out of stock");

    /// <summary>A WeChat failure exactly as the WeChat client raises it.</summary>
    public string WeChatError(int errcode) =>
        throw new WeChatException(errcode, $"simulated failure, rid: 6543fe21-0a1b2c3d-4e5f6a7b", "/sns/jscode2session", "6543fe21-0a1b2c3d-4e5f6a7b");

    /// <summary>Public on the class but not in the functionList: must not be callable.</summary>
    public string Hidden() => "should not be reachable";
}
