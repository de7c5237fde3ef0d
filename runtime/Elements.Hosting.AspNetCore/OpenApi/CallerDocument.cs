using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// One caller's view of the document (<c>?for=me</c>): element operations the caller may not call are left out, and
/// with them the shared responses, schemas (model rows, code sets) and tags nothing left refers to. The host's own endpoints (mapped by app code,
/// not governed by roles) stay as they are.
/// </summary>
internal static class CallerDocument
{
    public static byte[] Filter(ReadOnlyMemory<byte> json, Func<string, bool> mayCall)
    {
        var document = JsonNode.Parse(json.Span)!.AsObject();
        var paths = document["paths"]?.AsObject() ?? [];
        foreach (var (path, item) in paths.ToList())
        {
            var operations = item!.AsObject();
            foreach (var (method, operation) in operations.ToList())
            {
                if (operation?[ElementApiDescriber.PermissionExtension] is not null && operation["operationId"]?.GetValue<string>() is { } id && !mayCall(id))
                {
                    operations.Remove(method);
                }
            }

            if (operations.Count == 0)
            {
                paths.Remove(path);
            }
        }

        var used = paths.ToJsonString();
        if (document["components"]?["responses"] is JsonObject shared)
        {
            foreach (var (name, _) in shared.ToList())
            {
                if (!used.Contains($"\"#/components/responses/{name}\"", StringComparison.Ordinal))
                {
                    shared.Remove(name);
                }
            }
        }

        if (document["components"]?["schemas"] is JsonObject schemas)
        {
            // Schemas are referred to by paths, shared responses and other schemas: drop the unreferenced until none is.
            var responses = document["components"]?["responses"]?.ToJsonString() ?? "";
            for (var dropped = true; dropped;)
            {
                dropped = false;
                var referring = used + responses + string.Concat(schemas.Select(s => s.Value?.ToJsonString()));
                foreach (var (name, _) in schemas.ToList())
                {
                    if (!referring.Contains($"\"#/components/schemas/{name}\"", StringComparison.Ordinal))
                    {
                        schemas.Remove(name);
                        dropped = true;
                    }
                }
            }
        }

        if (document["tags"] is JsonArray tags)
        {
            foreach (var tag in tags.ToList())
            {
                if (tag?["name"]?.GetValue<string>() is { } name && !used.Contains($"\"{name}\"", StringComparison.Ordinal))
                {
                    tags.Remove(tag);
                }
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(document);
    }
}
