using System.Diagnostics;
using Npgsql;

namespace Elements.Host.Bench;

/// <summary>
/// The commands one PostgreSQL database receives, from Npgsql's own trace (its <c>Npgsql</c> activity source, one
/// activity per command): the PostgreSQL counterpart of SQLite's trace hook for the bench's untimed count. A
/// transaction's BEGIN travels with its first command and its COMMIT is not a command there, so neither is counted.
/// </summary>
internal static class NpgsqlCommandTrace
{
    /// <summary>Reports the text of each command run against <paramref name="connectionString"/>'s database until disposed.</summary>
    public static IDisposable Start(string connectionString, Action<string> record)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.query.text") is string sql && Equals(activity.GetTagItem("db.namespace"), database))
                {
                    record(sql);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
