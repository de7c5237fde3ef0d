using Elements.Hosting.AspNetCore.Errors;
using Elements.Std.ApiAuths;
using Microsoft.AspNetCore.Http.Features;

namespace Elements.Hosting.AspNetCore.Auth;

/// <summary>
/// Reads what an API authorization's signature covers: the method, the path exactly as sent (percent-encoding intact,
/// no query) and the raw body bytes. The body is buffered and rewound, so the element API reads its arguments from
/// the same bytes afterwards.
/// </summary>
internal static class SignedRequestReader
{
    public static bool IsSigned(HttpRequest request) => request.Headers.ContainsKey(ApiAuthHeaders.AccessKey);

    public static async Task<ApiSignedRequest> ReadAsync(HttpRequest request, long maxBodyBytes)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBodyBytes;
        }

        request.EnableBuffering();
        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ElementException(HostErrorCodes.BodyTooLarge, $"the body is larger than {maxBodyBytes} bytes");
        }

        request.Body.Position = 0;
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return new ApiSignedRequest(
            request.Method.ToUpperInvariant(),
            query < 0 ? target : target[..query],
            Header(request, ApiAuthHeaders.AccessKey),
            Header(request, ApiAuthHeaders.Timestamp),
            Header(request, ApiAuthHeaders.Nonce),
            Header(request, ApiAuthHeaders.Signature),
            body.ToArray());
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
