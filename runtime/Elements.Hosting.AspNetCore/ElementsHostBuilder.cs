using Elements.Hosting.AspNetCore.WeChat;

namespace Elements.Hosting.AspNetCore;

/// <summary>
/// What <see cref="ElementsHostExtensions.AddElementsHost(WebApplicationBuilder, Action{ElementsBuilder}?)"/> returns:
/// the web application builder, the element registrations and the WeChat mode it read, so an app or an add-on (the
/// WeChat sandbox, <c>Elements.WeChatSandbox.Hosting</c>) can add to the host in one chain.
/// </summary>
public sealed class ElementsHostBuilder
{
    internal ElementsHostBuilder(WebApplicationBuilder application, ElementsBuilder elements, WeChatMode wechatMode)
    {
        Application = application;
        Elements = elements;
        WeChatMode = wechatMode;
    }

    public WebApplicationBuilder Application { get; }

    public IServiceCollection Services => Application.Services;

    public IConfiguration Configuration => Application.Configuration;

    /// <summary>The element registrations (<c>AddStdElements</c> and compiled element code are already in).</summary>
    public ElementsBuilder Elements { get; }

    /// <summary><c>Elements:WeChat:Mode</c> as read when the host was added: it decides which endpoints exist.</summary>
    public WeChatMode WeChatMode { get; }

    /// <summary>Adds element classes or libraries, e.g. <c>e =&gt; e.AddElementTypesFrom(typeof(MyType).Assembly)</c>.</summary>
    public ElementsHostBuilder ConfigureElements(Action<ElementsBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Elements);
        return this;
    }
}
