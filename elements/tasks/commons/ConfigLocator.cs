using System.Text;
using System.Text.Json;

namespace Elements.Std.Tasks;

/// <summary>
/// Where a config key is written (file(line,col)), for the errors of a task that brings its own class: such a task is a
/// derived Type, whose config the loader does not bind, so the task reports its own problems the way the loader would.
/// </summary>
internal static class ConfigLocator
{
    /// <summary>The first of the element's config files (business config, then e.json) that holds <paramref name="path"/>.</summary>
    public static string Locate(string folder, string path, string? appRoot)
    {
        var keys = path.Length == 0 ? [] : path.Split('.');
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").OrderBy(f => Path.GetFileName(f) == "e.json" ? 1 : 0).ToList()
            : [];
        foreach (var file in files)
        {
            if (Find(File.ReadAllBytes(file), keys) is { } at)
            {
                return $"{Relative(file, appRoot)}({at.Line},{at.Column})";
            }
        }

        return files.Count == 0 ? folder : $"{Relative(Path.Combine(folder, "e.json"), appRoot)}(1,1)";
    }

    // As the loader's diagnostics name files: relative to the app that declares the element.
    private static string Relative(string file, string? appRoot) => appRoot is null ? file : Path.GetRelativePath(appRoot, file);

    private static (int Line, int Column)? Find(byte[] json, string[] keys)
    {
        if (keys.Length == 0)
        {
            return (1, 1);
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new List<string?>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        var here = stack.Count;
                        if (here < keys.Length && string.Equals(property, keys[here], StringComparison.OrdinalIgnoreCase)
                            && stack.Select((k, i) => string.Equals(k, keys[i], StringComparison.OrdinalIgnoreCase)).All(b => b)
                            && here == keys.Length - 1)
                        {
                            return LineColumn(json, (int)reader.TokenStartIndex);
                        }

                        break;
                    case JsonTokenType.StartObject:
                        if (reader.CurrentDepth > 0)
                        {
                            stack.Add(property);
                        }

                        break;
                    case JsonTokenType.EndObject:
                        if (stack.Count > 0 && reader.CurrentDepth > 0)
                        {
                            stack.RemoveAt(stack.Count - 1);
                        }

                        break;
                    case JsonTokenType.StartArray:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A file the loader already accepted; if it cannot be read now, fall back to naming the file.
        }

        return null;
    }

    private static (int Line, int Column) LineColumn(byte[] json, int offset)
    {
        var text = Encoding.UTF8.GetString(json, 0, offset);
        var line = text.Count(c => c == '\n') + 1;
        return (line, text.Length - (text.LastIndexOf('\n') + 1) + 1);
    }
}
