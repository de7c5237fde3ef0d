using Elements.Diagnostics;
using Elements.Std.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Tasks;

/// <summary>A task config that cannot be scheduled fails the load, at the file, line and column of the offending key.</summary>
public sealed class TaskConfigErrorTests : IDisposable
{
    private readonly AppFolder _folder = AppFolder.Create();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("\"repeatType\": \"fortnight\"", "\"repeatType\"", "unknown repeatType 'fortnight'")]
    [InlineData("\"repeatType\": \"week\", \"weekday\": [1, 9]", "\"weekday\"", "weekday 9 is not 1 (Monday) .. 7 (Sunday)")]
    [InlineData("\"repeatType\": \"day\", \"period\": 0", "\"period\"", "period must be 1 or more")]
    [InlineData("\"repeatType\": \"month\", \"period\": 5", "\"period\"", "must divide 12")]
    public void A_bad_repeat_is_a_load_error_at_its_key(string repeat, string key, string message)
    {
        var path = Write($$"""
            {
              "title": "Bad",
              "type": "tasks.NormalType",
              "funcType": "Global",
              "taskFunc": "services.SyncSvc.syncUserData",
              "timerCfg": {
                "startTime": "2024-01-01 09:00:00",
                "repeat": {
                  {{repeat.Replace(", ", ",\n      ", StringComparison.Ordinal)}}
                }
              }
            }
            """);

        AssertLoadError(path, key, message);
    }

    [Theory]
    [InlineData("\"startTime\": \"2024-13-01 09:00:00\"", "\"startTime\"", "is not a time")]
    [InlineData("\"timeZone\": \"Mars/Olympus\"", "\"timeZone\"", "unknown time zone 'Mars/Olympus'")]
    [InlineData("\"cron\": \"0 0 25 * * ?\"", "\"cron\"", "is not a Quartz cron expression")]
    [InlineData("\"misfire\": \"later\"", "\"misfire\"", "misfire must be 'runOnce' or 'skip'")]
    [InlineData("\"funcType\": \"Global\"", "\"funcType\"", "funcType Global needs taskFunc")]
    public void A_bad_time_zone_cron_start_or_function_is_a_load_error(string entry, string key, string message)
    {
        var timer = entry.StartsWith("\"startTime\"", StringComparison.Ordinal) ? entry : "\"startTime\": \"2024-01-01 09:00:00\"";
        var extra = entry.StartsWith("\"startTime\"", StringComparison.Ordinal) ? "" : entry + ",\n  ";
        var repeat = entry.StartsWith("\"cron\"", StringComparison.Ordinal) ? "" : ",\n    \"repeat\": {\"repeatType\": \"day\"}";
        var path = Write($$"""
            {
              "title": "Bad",
              "type": "tasks.NormalType",
              {{extra}}"timerCfg": {
                {{timer}}{{repeat}}
              }
            }
            """);

        AssertLoadError(path, key == "\"funcType\"" ? "\"funcType\"" : key, message);
    }

    [Fact]
    public void An_inner_task_with_its_own_class_is_checked_when_the_app_loads()
    {
        var path = Write("""
            {
              "title": "Report",
              "type": "tasks.NormalType",
              "timerCfg": {
                "startTime": "2024-01-01 09:00:00",
                "repeat": {"repeatType": "week", "weekday": [9]}
              }
            }
            """, "tasks.Report");

        var error = Assert.Throws<ElementLoadException>(() => ElementApp.Load(_folder.Path, b => b.AddStdElements().AddElementTypesFrom(typeof(InnerReportTask).Assembly)));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidConfig, diagnostic.Code);
        Assert.Equal(LineOf(path, "\"weekday\""), diagnostic.Line);
        Assert.Contains("weekday 9 is not 1 (Monday) .. 7 (Sunday)", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inner_task_without_a_class_says_so_when_it_is_activated()
    {
        Write("""
            {"title": "No code", "type": "tasks.NormalType", "funcType": "Inner",
             "timerCfg": {"startTime": "2024-01-01 09:00:00", "repeat": {"repeatType": "day"}}}
            """, "tasks.NoCode");
        using var app = _folder.Load();

        var error = Assert.Throws<ElementException>(() => app.GetElement("tasks.NoCode"));

        Assert.Contains("TASK_CONFIG_INVALID", error.Code + error.Message, StringComparison.Ordinal);
        Assert.Contains("with a method CustomFunc()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_global_task_naming_a_missing_function_is_a_load_error_at_its_key()
    {
        _folder.WriteElement("models.Report", """{"title": "Report", "type": "models.NormalType", "fields": [{"name": "n", "dataType": "Integer"}]}""");
        var path = Write("""
            {
              "title": "Bad",
              "type": "tasks.NormalType",
              "funcType": "Global",
              "taskFunc": "models.Report.rebuild",
              "timerCfg": {"startTime": "2024-01-01 09:00:00", "repeat": {"repeatType": "day"}}
            }
            """);

        var error = Assert.Throws<ElementLoadException>(() => _folder.Load());

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownReference, diagnostic.Code);
        Assert.Equal(LineOf(path, "\"taskFunc\""), diagnostic.Line);
        Assert.Contains("'models.Report' has no function 'rebuild'", diagnostic.Message, StringComparison.Ordinal);
    }

    private string Write(string eJson, string name = "tasks.Bad")
    {
        _folder.WriteElement(name, eJson);
        return Path.Combine([_folder.Path, .. name.Split('.'), "e.json"]);
    }

    private void AssertLoadError(string path, string key, string message)
    {
        var error = Assert.Throws<ElementLoadException>(() => _folder.Load());

        var diagnostic = Assert.Single(error.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(Path.GetRelativePath(_folder.Path, path).Replace('\\', '/'), diagnostic.Path.Replace('\\', '/'));
        Assert.Equal(LineOf(path, key), diagnostic.Line);
        Assert.True(diagnostic.Column > 1, diagnostic.ToString());
    }

    private static int LineOf(string path, string key) =>
        File.ReadAllLines(path).Select((line, index) => (line, index)).First(l => l.line.Contains(key, StringComparison.Ordinal)).index + 1;
}
