using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Elements.Host.Tests.Support;
using Elements.Testing.Files;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Elements.Host.Tests.Startup;

/// <summary>
/// <see cref="ElementsWebApplication"/>: the settings files reload by polling themselves, so no recursive
/// <see cref="FileSystemWatcher"/> sits on the content root where the app's database is written on every request.
/// </summary>
public sealed class SettingsReloadTests
{
    [Fact]
    public async Task Appsettings_reload_by_polling_the_files_not_by_watching_the_content_root()
    {
        using var folder = TestAppFolder.Create().WithStandardElements();
        var settings = TempDirectory.WriteFile(Path.Combine(folder.Container, "appsettings.json"), """{ "Probe": { "Value": "one" } }""");
        await using var host = await TestHost.StartAsync(folder);

        var sources = ((IConfigurationBuilder)host.App.Configuration).Sources.OfType<JsonConfigurationSource>().ToList();
        Assert.Contains(sources, s => s.Path == "appsettings.json");
        var contentRoot = host.Services.GetRequiredService<IHostEnvironment>().ContentRootFileProvider;
        Assert.All(sources, s =>
        {
            Assert.True(s.ReloadOnChange, s.Path);
            Assert.NotSame(contentRoot, s.FileProvider);
            Assert.True(Assert.IsType<PhysicalFileProvider>(s.FileProvider).UseActivePolling, s.Path);
        });

        // What the kernel is asked to report to this process: nothing about the content root or its appData.
        var watched = WatchedInodes();
        Assert.DoesNotContain(Inode(folder.Container), watched);
        Assert.DoesNotContain(Inode(Directory.CreateDirectory(Path.Combine(folder.Container, "appData")).FullName), watched);

        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal("one", configuration["Probe:Value"]);
        File.WriteAllText(settings, """{ "Probe": { "Value": "two" } }""");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (configuration["Probe:Value"] != "two" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal("two", configuration["Probe:Value"]);
    }

    [Fact]
    public void The_plain_builder_watches_the_content_root_which_is_what_the_check_above_sees()
    {
        // The control for the inotify check: ASP.NET Core's own builder does put a watch on the content root.
        using var root = TempDirectory.Create("elements-host-tests");
        TempDirectory.WriteFile(Path.Combine(root.Path, "appsettings.json"), "{}");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root.Path });
        try
        {
            Assert.Contains(Inode(root.Path), WatchedInodes());
        }
        finally
        {
            ((IDisposable)builder.Environment.ContentRootFileProvider).Dispose();
        }
    }

    [Fact]
    public void Reload_switched_off_on_the_command_line_stays_off()
    {
        using var root = TempDirectory.Create("elements-host-tests");
        TempDirectory.WriteFile(Path.Combine(root.Path, "appsettings.json"), "{}");
        var builder = ElementsWebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = root.Path,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });

        var sources = ((IConfigurationBuilder)builder.Configuration).Sources.OfType<JsonConfigurationSource>().ToList();
        Assert.Contains(sources, s => s.Path == "appsettings.json");
        Assert.All(sources, s => Assert.False(s.ReloadOnChange, s.Path));
    }

    /// <summary>The inodes this process has inotify watches on (Linux: <c>/proc/self/fdinfo</c> of its inotify descriptors).</summary>
    private static HashSet<ulong> WatchedInodes()
    {
        var inodes = new HashSet<ulong>();
        foreach (var info in Directory.EnumerateFiles("/proc/self/fdinfo"))
        {
            string text;
            try
            {
                text = File.ReadAllText(info);
            }
            catch (IOException)
            {
                continue; // a descriptor closed meanwhile
            }

            foreach (Match m in Regex.Matches(text, @"^inotify wd:\S+ ino:([0-9a-f]+)",
                         RegexOptions.Multiline))
            {
                inodes.Add(Convert.ToUInt64(m.Groups[1].Value, 16));
            }
        }

        return inodes;
    }

    private static ulong Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return ulong.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
