using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Host.Tests.TestElements;
using Elements.Hosting.AspNetCore.Startup;
using Elements.WeChatSandbox.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Host.Tests.Support;

/// <summary>
/// The real host (<see cref="ElementsHost.Build(WebApplicationOptions, Action{WebApplicationBuilder}?, Action{Hosting.ElementsBuilder}?)"/>)
/// on Kestrel at 127.0.0.1 with a free port, serving a fixture app folder with this assembly's element classes.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    private readonly TestAppFolder? _folder;

    private TestHost(WebApplication app, TestAppFolder? folder, StringWriter banner)
    {
        App = app;
        _folder = folder;
        Banner = banner;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseUri };
        Sandbox = new WeChatSandboxClient(Http);
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    /// <summary>A client that does not follow redirects (the linking flow's 302s are what the tests check).</summary>
    public HttpClient NoRedirect => _noRedirect ??= new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUri };

    private HttpClient? _noRedirect;

    public WeChatSandboxClient Sandbox { get; }

    /// <summary>What the host printed as its start-up banner.</summary>
    public StringWriter Banner { get; }

    /// <summary>Settings for tests that drive many concurrent clients from 127.0.0.1, anonymous ones included (one rate
    /// limit bucket for all of them): the limiter stays on, with room far beyond what the test machine serves.</summary>
    public static Dictionary<string, string?> LoadSettings(IDictionary<string, string?>? settings = null) =>
        new(settings ?? new Dictionary<string, string?>())
        {
            ["Elements:RateLimit:PermitsPerSecond"] = "100000",
            ["Elements:RateLimit:Burst"] = "100000",
        };

    /// <summary>Starts a host for a fresh <see cref="TestAppFolder"/> with the standard test elements.</summary>
    public static Task<TestHost> StartAsync(IDictionary<string, string?>? settings = null, bool withAuthService = true) =>
        StartAsync(TestAppFolder.Create().WithStandardElements(withAuthService), settings);

    public static Task<TestHost> StartAsync(TestAppFolder folder, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Elements:AppPath"] = folder.Root };
        return StartAsync(folder.Container, all, folder);
    }

    /// <summary>Starts a host on any content root (e.g. the repository's own <c>app/</c>) with extra settings.</summary>
    public static async Task<TestHost> StartAsync(string contentRoot, IDictionary<string, string?> settings, TestAppFolder? owned = null,
        Action<IServiceCollection>? services = null)
    {
        var banner = new StringWriter();
        var app = ElementsHost.Build(
            new WebApplicationOptions { ContentRootPath = contentRoot, Args = ["--urls=http://127.0.0.1:0"] },
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
                builder.Services.Configure<HostBannerOptions>(o => o.Output = banner);
                services?.Invoke(builder.Services);
            },
            elements => elements.AddElementTypesFrom(typeof(EchoService).Assembly));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            owned?.Dispose();
            throw;
        }

        return new TestHost(app, owned, banner);
    }

    /// <summary>POSTs to the element API of the fixture app (<c>/api/acme/Shop/...</c>) or of <paramref name="app"/>
    /// (<c>orgId/appName</c>).</summary>
    public Task<HttpResponseMessage> CallAsync(string elementPathAndFunction, object? args = null, string? bearer = null, string app = "acme/Shop") =>
        PostAsync($"api/{app}/{elementPathAndFunction}", args is null ? null : JsonContent.Create(args), bearer);

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent? content, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return Http.SendAsync(request);
    }

    public static StringContent Raw(string body, string contentType = "application/json") => new(body, Encoding.UTF8, contentType);

    public static async Task<JsonObject> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _noRedirect?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _folder?.Dispose();
    }
}
