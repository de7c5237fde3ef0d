using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.WeChat;

/// <summary>
/// <c>GET /MP_verify_{code}.txt</c>: WeChat's domain-verification files (<c>Elements:WeChat:VerifyFiles</c>), served
/// as the exact configured bytes (UTF-8, no BOM, no added newline) because WeChat compares them literally.
/// </summary>
internal static class VerifyFileEndpoints
{
    public static IEndpointConventionBuilder MapWeChatVerifyFiles(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/MP_verify_{code}.txt", Serve).WithName("WeChatVerifyFile");

    private static Results<FileContentHttpResult, NotFound> Serve(HttpRequest request, IOptionsMonitor<WeChatHostOptions> options)
    {
        // The name as requested, compared ordinally: routing matches the template's literals case-insensitively, but
        // WeChat fetches the exact name it issued.
        var name = request.Path.Value?.TrimStart('/') ?? "";
        return options.CurrentValue.VerifyFiles.TryGetValue(name, out var content)
            ? TypedResults.File(Encoding.UTF8.GetBytes(content), "text/plain; charset=utf-8")
            : TypedResults.NotFound();
    }
}
