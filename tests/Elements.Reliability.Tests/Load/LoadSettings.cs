using System.Globalization;

namespace Elements.Reliability.Tests.Load;

/// <summary>Size of a load run. <c>ELEMENTS_LOAD_SECONDS</c> sets the duration (default 60, as issue #9 asks; a
/// shorter run is for local iterations), <c>ELEMENTS_LOAD_CLIENTS</c> the concurrent clients (default 64).</summary>
/// <param name="Users">WeChat users registered in the app; logins take them in turn. The sandbox, like WeChat, allows 100
/// logins per user and minute, so the run stays below that up to Users × 100 / 60 ≈ 850 logins/s.</param>
/// <param name="Sessions">Users logged in before the run, whose sessions the reads and message sends use.</param>
internal sealed record LoadSettings(TimeSpan Duration, int Clients, int Users, int Sessions, int Todos)
{
    public const string SecondsVariable = "ELEMENTS_LOAD_SECONDS";
    public const string ClientsVariable = "ELEMENTS_LOAD_CLIENTS";

    /// <summary>Share of operations per kind, in percent: logins (getLoginCode + AuthSvc.login), reads, message sends.</summary>
    public const int LoginPercent = 20;
    public const int ReadPercent = 60;

    public static LoadSettings FromEnvironment() => new(
        TimeSpan.FromSeconds(Read(SecondsVariable, 60)),
        Read(ClientsVariable, 64),
        Users: 512,
        Sessions: 64,
        Todos: 200);

    private static int Read(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
