using System.Runtime.CompilerServices;
using Xunit;

namespace Elements.Testing.Golden;

/// <summary>
/// Compares output with a golden file in the <c>Golden</c> folder of the calling test project (found from the caller's
/// source path). Set ELEMENTS_UPDATE_GOLDEN=1 to (re)write the files from the actual output, then review the diff.
/// </summary>
public static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var folder = Path.Combine(ProjectFolder(callerPath), "Golden");
        var path = Path.Combine(folder, name);
        actual = Normalize(actual);
        if (Environment.GetEnvironmentVariable("ELEMENTS_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {name} is missing; run with ELEMENTS_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(Normalize(File.ReadAllText(path)), actual);
    }

    private static string ProjectFolder(string callerPath)
    {
        for (var folder = Path.GetDirectoryName(callerPath); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.EnumerateFiles(folder, "*.csproj").Any())
            {
                return folder;
            }
        }

        throw new InvalidOperationException($"no test project folder above {callerPath}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
