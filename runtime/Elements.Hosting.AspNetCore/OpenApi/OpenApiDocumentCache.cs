using Microsoft.AspNetCore.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// The host's OpenAPI document, generated once per registry generation (a hot reload makes the next request build a
/// new one) and kept as its UTF-8 JSON; concurrent first requests build it once.
/// </summary>
internal sealed class OpenApiDocumentCache(ElementApp app, [FromKeyedServices(ElementsHostExtensions.OpenApiDocumentName)] IOpenApiDocumentProvider provider)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _entry;

    /// <summary>How many documents were built (for tests of the cache).</summary>
    public int Builds => _builds;

    private int _builds;

    public async Task<ReadOnlyMemory<byte>> GetAsync(CancellationToken cancellationToken)
    {
        var generation = app.Generation;
        if (_entry is { } cached && cached.Generation == generation)
        {
            return cached.Json;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            generation = app.Generation;
            if (_entry is { } built && built.Generation == generation)
            {
                return built.Json;
            }

            var document = await provider.GetOpenApiDocumentAsync(cancellationToken).ConfigureAwait(false);
            var json = ElementApiDescriber.SerializeUtf8(document, indented: false);
            Interlocked.Increment(ref _builds);
            _entry = new Entry(generation, json);
            return json;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Entry(long Generation, ReadOnlyMemory<byte> Json);
}
