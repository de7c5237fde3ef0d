using Spectre.Console;
using Spectre.Console.Rendering;

namespace Elements.Cli;

/// <summary>
/// The Spectre.Console console prompts are asked on: the process terminal, or, when the CLI runs in-process with an
/// interactive <see cref="CliConsole"/> over other streams, a console writing to its Out and reading keys from its In.
/// </summary>
internal static class Prompting
{
    public static IAnsiConsole For(CliConsole console)
    {
        var output = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Interactive = InteractionSupport.Yes,
        });
        return ReferenceEquals(console.In, Console.In) ? output : new ReaderConsole(output, new ReaderInput(console.In));
    }

    private sealed class ReaderConsole(IAnsiConsole inner, IAnsiConsoleInput input) : IAnsiConsole
    {
        public Profile Profile => inner.Profile;

        public IAnsiConsoleCursor Cursor => inner.Cursor;

        public IAnsiConsoleInput Input => input;

        public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

        public RenderPipeline Pipeline => inner.Pipeline;

        public void Clear(bool home) => inner.Clear(home);

        public void Write(IRenderable renderable) => inner.Write(renderable);

        public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);
    }

    /// <summary>Keys from a text reader: each character is a key press, a line break is Enter.</summary>
    private sealed class ReaderInput(TextReader reader) : IAnsiConsoleInput
    {
        public bool IsKeyAvailable() => reader.Peek() >= 0;

        public ConsoleKeyInfo? ReadKey(bool intercept)
        {
            var next = reader.Read();
            return next switch
            {
                < 0 => null,
                '\r' => ReadKey(intercept),
                '\n' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
                _ => new ConsoleKeyInfo((char)next, ConsoleKey.NoName, false, false, false),
            };
        }

        public Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) => Task.FromResult(ReadKey(intercept));
    }
}
