using System.Runtime.CompilerServices;

namespace Elements.Cli.Tests.Support;

/// <summary>
/// Compares output with a golden file under tests/Elements.Cli.Tests/Golden. Set ELEMENTS_UPDATE_GOLDEN=1 to
/// (re)write the files from the actual output, then review the diff.
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual)
    {
        var folder = Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "Golden");
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

    private static string ThisFile([CallerFilePath] string path = "") => path;

    private static string Normalize(string text) => text.Replace("\r\n", "\n");
}
