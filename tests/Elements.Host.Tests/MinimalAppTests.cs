using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Elements.Hosting.AspNetCore.Startup;
using Elements.Testing.Files;
using Elements.Testing.Repository;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Host.Tests;

/// <summary>
/// <c>samples/MinimalApp</c>, another app on the reusable host: its folders served by exactly the calls of its
/// Program.cs (<c>AddElementsHost()</c>, <c>MapElements()</c>), with none of the sample app's code and no sandbox.
/// </summary>
public sealed class MinimalAppTests
{
    private const string Api = "api/demo/Notes/";

    [Fact]
    public async Task Minimal_app_serves_its_own_elements_and_its_roles_close_the_rest()
    {
        using var root = TempDirectory.Create("elements-minimal-app");
        var sample = Path.Combine(SampleApp.RepositoryRoot, "samples", "MinimalApp");
        File.Copy(Path.Combine(sample, "app.json"), Path.Combine(root.Path, "app.json"));
        foreach (var folder in new[] { "auths", "models", "roles" })
        {
            TempDirectory.CopyTree(Path.Combine(sample, folder), Path.Combine(root.Path, folder));
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root.Path, Args = ["--urls=http://127.0.0.1:0"] });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostBannerOptions>(o => o.Enabled = false);
        builder.AddElementsHost();
        await using var app = builder.Build();
        app.MapElements();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };

        // Closed to anonymous callers: the role opens models.Note to sessions only.
        using var anonymous = await http.PostAsJsonAsync(Api + "models/Note/create", new { rowData = new { text = "x" } });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var password = "correct horse battery";
        using var register = await http.PostAsJsonAsync(Api + "auths/loginTypes/Passwords/register", new { username = "nora", password });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        var loginCode = (string)(await ReadAsync(await http.PostAsJsonAsync(Api + "auths/loginTypes/Passwords/getLoginCode", new { username = "nora", password })))["loginCode"]!;
        var token = (string)(await ReadAsync(await http.PostAsJsonAsync(Api + "auths/services/AuthSvc/login", new { loginCode })))["token"]!;

        using var created = await SendAsync(http, "models/Note/create", new { rowData = new { text = "hello" } }, token);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var notes = await ReadAsync(await SendAsync(http, "models/Note/query", new { }, token));
        Assert.Contains("hello", notes.ToJsonString(), StringComparison.Ordinal);

        // Granted to nobody: a signed-in caller is refused, and the sample app's own routes do not exist here.
        using var delete = await SendAsync(http, "models/Note/deleteByPK", new { pk = 1 }, token);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        using var otherApp = await http.PostAsJsonAsync("api/demo/SampleApp/models/Todo/query", new { });
        Assert.Equal(HttpStatusCode.NotFound, otherApp.StatusCode);
        using var sandbox = await http.PostAsync("sandbox/reset", null);
        Assert.Equal(HttpStatusCode.NotFound, sandbox.StatusCode);
        using var health = await http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        await app.StopAsync();
    }

    [Fact]
    public void Hosting_library_does_not_reference_the_wechat_sandbox() =>
        Assert.DoesNotContain(typeof(ElementsHostExtensions).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Elements.WeChatSandbox", StringComparison.Ordinal));

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, object args, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Api + path) { Content = JsonContent.Create(args) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return JsonNode.Parse(text)!;
        }
    }
}
