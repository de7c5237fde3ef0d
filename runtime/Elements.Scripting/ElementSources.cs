using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Elements.Scripting;

/// <summary>The <c>.cs</c> files of an app root and the hash that names their compiled assembly.</summary>
internal sealed record ElementSources(string Root, IReadOnlyList<(string Path, string Text)> Files, string Hash)
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "appData" };

    /// <summary>
    /// The <c>.cs</c> files in element folders (a folder with an <c>e.json</c>, and below it) and in <c>commons</c>
    /// folders; null when there are none. An app folder whose <c>*.csproj</c> compiles its <c>.cs</c> files (the std
    /// library) is built by MSBuild instead: nothing of it is compiled here. A project that turns default compile
    /// items off (the sample app's host) leaves its element folders to the runtime, like any app's.
    /// </summary>
    public static ElementSources? Read(string appRoot)
    {
        var root = Path.GetFullPath(appRoot);
        if (!Directory.Exists(root) || Directory.EnumerateFiles(root, "*.csproj").Any(CompilesFolder))
        {
            return null;
        }

        var found = new List<string>();
        var pending = new Stack<(string Folder, bool Included)>([(root, false)]);
        while (pending.Count > 0)
        {
            var (folder, included) = pending.Pop();
            included |= File.Exists(Path.Combine(folder, "e.json")) || Path.GetFileName(folder) == "commons";
            if (included)
            {
                found.AddRange(Directory.EnumerateFiles(folder, "*.cs"));
            }

            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(sub);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name) && !File.Exists(Path.Combine(sub, "app.json")))
                {
                    pending.Push((sub, included));
                }
            }
        }

        if (found.Count == 0)
        {
            return null;
        }

        found.Sort(StringComparer.Ordinal);
        var files = found.Select(f => (f, File.ReadAllText(f))).ToList();
        return new ElementSources(root, files, HashOf(root, files));
    }

    /// <summary>
    /// Whether MSBuild compiles the project folder's <c>.cs</c> files: yes unless the project sets
    /// <c>EnableDefaultCompileItems</c> to false. An unreadable project counts as yes, so its code is never compiled twice.
    /// </summary>
    private static bool CompilesFolder(string projectFile)
    {
        try
        {
            var disabled = XDocument.Load(projectFile).Descendants()
                .Where(e => e.Name.LocalName == "EnableDefaultCompileItems")
                .Any(e => string.Equals(e.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase));
            return !disabled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            return true;
        }
    }

    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string HashOf(string root, List<(string Path, string Text)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The runtime's identity is part of the key: a new runtime build recompiles.
        sha.AppendData(Encoding.UTF8.GetBytes(typeof(ElementApp).Assembly.ManifestModule.ModuleVersionId.ToString()));
        foreach (var (path, text) in files)
        {
            // Relative paths: a copied or moved app keeps its cache.
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(root, path).Replace('\\', '/') + "\0" + text + "\0"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
