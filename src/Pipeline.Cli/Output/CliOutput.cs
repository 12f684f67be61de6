using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli.Output;

/// <summary>
/// Where the CLI writes. Tables and results go to standard output; under <c>--json</c> standard output holds only
/// the API's JSON, and what would have been said along the way (progress, checks) goes to standard error.
/// When standard output is not a terminal there is no live display: progress is plain lines.
/// </summary>
internal sealed class CliOutput
{
    // A log or a pipe has no width; wide enough that a table row stays on one line there.
    private const int RedirectedWidth = 200;

    private readonly TextWriter stdout;
    private readonly TextWriter stderr;

    public CliOutput(bool json, TextWriter stdout, TextWriter stderr, bool stdoutRedirected)
    {
        Json = json;
        this.stdout = stdout;
        this.stderr = stderr;
        Out = Create(stdout, stdoutRedirected);
        Live = !json && !stdoutRedirected && Out.Profile.Capabilities.Interactive;
    }

    /// <summary>Whether <c>--json</c> was asked for.</summary>
    public bool Json { get; }

    /// <summary>Whether live displays (a progress bar) can be drawn: standard output is an interactive terminal.</summary>
    public bool Live { get; }

    /// <summary>Standard output.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>The output of this process: its standard output and error.</summary>
    public static CliOutput ForConsole(bool json) =>
        new(json, Console.Out, Console.Error, Console.IsOutputRedirected);

    /// <summary>
    /// Says something along the way: plain text (never markup), one line however long, so that a log or a script
    /// reads each check on its own line.
    /// </summary>
    public void Say(string text) => (Json ? stderr : stdout).WriteLine(text);

    /// <summary>Shows a result: a table, a line. Nothing is shown under <c>--json</c>, which prints the document instead.</summary>
    public void Show(IRenderable renderable)
    {
        if (!Json)
        {
            Out.Write(renderable);
        }
    }

    /// <summary>Shows a result line (plain text), unless under <c>--json</c>.</summary>
    public void ShowLine(string text)
    {
        if (!Json)
        {
            stdout.WriteLine(text);
        }
    }

    /// <summary>Prints the API's JSON as it came, under <c>--json</c>.</summary>
    public void Document(string json)
    {
        if (Json)
        {
            stdout.WriteLine(json);
        }
    }

    /// <summary>
    /// Reports a failure: <c>title: detail</c> on standard error; under <c>--json</c> also a document on standard
    /// output (the API's own, else one of the same shape), so a script reads one JSON document whatever happened.
    /// </summary>
    public void Failure(CliFailure failure)
    {
        stderr.WriteLine($"error: {failure.Title}: {failure.Detail}".TrimEnd(' ', ':'));
        if (Json)
        {
            stdout.WriteLine(failure.Document ?? new JsonObject
            {
                ["title"] = failure.Title,
                ["detail"] = failure.Detail,
                ["exitCode"] = failure.ExitCode,
            }.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        }
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
