using Spectre.Console;

namespace Elements.Cli;

/// <summary>The streams a CLI run uses and whether it may prompt (only when stdin and stdout are a terminal).</summary>
public sealed class CliConsole(TextWriter stdout, TextWriter stderr, TextReader? stdin = null, bool interactive = false,
    bool progress = false, bool outputRedirected = true)
{
    public TextWriter Out { get; } = stdout ?? throw new ArgumentNullException(nameof(stdout));

    public TextWriter Error { get; } = stderr ?? throw new ArgumentNullException(nameof(stderr));

    public TextReader In { get; } = stdin ?? TextReader.Null;

    /// <summary>True when prompts for missing settings may be shown.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>True when stderr is a terminal: long operations may show progress there (never when piped).</summary>
    public bool Progress { get; } = progress;

    /// <summary>True when stdout is not a terminal (a progress display on stderr then does not mix with results).</summary>
    public bool OutputRedirected { get; } = outputRedirected;

    /// <summary>The process console: interactive when neither stdin nor stdout is redirected.</summary>
    public static CliConsole FromProcess() =>
        new(Console.Out, Console.Error, Console.In, !Console.IsInputRedirected && !Console.IsOutputRedirected, !Console.IsErrorRedirected,
            Console.IsOutputRedirected);

    /// <summary>Runs <paramref name="work"/> under a Spectre.Console status line on stderr when <see cref="Progress"/>
    /// allows (and <paramref name="whenOutputRedirectedOnly"/> is satisfied); otherwise just runs it, quietly.</summary>
    internal async Task<T> WithStatusAsync<T>(string text, bool whenOutputRedirectedOnly, Func<Action<string>, Task<T>> work)
    {
        if (!Progress || (whenOutputRedirectedOnly && !OutputRedirected))
        {
            return await work(_ => { });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Error),
            Interactive = InteractionSupport.Yes,
        });
        return await console.Status().StartAsync(Markup.Escape(text),
            context => work(status => context.Status(Markup.Escape(status))));
    }
}
