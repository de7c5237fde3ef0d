using Elements.Hosting;
using Elements.Runtime.Tests.Support;

namespace Elements.Runtime.Tests;

/// <summary>The loader tells an <see cref="IProgress{T}"/> how far it has got, stage by stage, with counts.</summary>
public sealed class LoadProgressTests
{
    /// <summary>Records on the reporting thread (<see cref="Progress{T}"/> would post the reports elsewhere, later).</summary>
    private sealed class Recorder : IProgress<LoadProgress>
    {
        public List<LoadProgress> Reports { get; } = [];

        public void Report(LoadProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }
        }
    }

    [Fact]
    public void Loading_reports_each_stage_in_order_with_counts_up_to_the_total()
    {
        var recorder = new Recorder();
        using var app = TestApps.LoadShop(b => b.Configure(o => o.LoadProgress = recorder));

        var reports = recorder.Reports;
        Assert.NotEmpty(reports);
        // Stages never go back, and within a stage the count never does.
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].Stage > reports[i - 1].Stage
                || (reports[i].Stage == reports[i - 1].Stage && reports[i].Completed >= reports[i - 1].Completed), $"{reports[i - 1]} then {reports[i]}");
        }

        Assert.Equal([LoadStage.Scanning, LoadStage.Resolving, LoadStage.Binding], reports.Select(r => r.Stage).Distinct());
        var scanned = reports.Last(r => r.Stage == LoadStage.Scanning);
        Assert.Equal(app.AppIds.Count, scanned.Total);
        Assert.Equal(scanned.Total, scanned.Completed);
        foreach (var stage in new[] { LoadStage.Resolving, LoadStage.Binding })
        {
            var last = reports.Last(r => r.Stage == stage);
            Assert.True(last.Total > 0);
            Assert.Equal(last.Total, last.Completed);
            Assert.Contains(reports, r => r.Stage == stage && r.Completed == 0);
        }

        Assert.StartsWith("resolving elements (", reports.Last(r => r.Stage == LoadStage.Resolving).ToString());
    }

    [Fact]
    public void A_reload_reports_too()
    {
        var recorder = new Recorder();
        using var app = TestApps.LoadShop(b => b.Configure(o => o.LoadProgress = recorder));
        var afterLoad = recorder.Reports.Count;

        Assert.True(app.Reload().Succeeded);
        Assert.True(recorder.Reports.Count > afterLoad);
        Assert.Equal(LoadStage.Binding, recorder.Reports[^1].Stage);
    }
}
