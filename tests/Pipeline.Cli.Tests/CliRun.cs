using System.Text.Json.Nodes;

namespace Pipeline.Cli.Tests;

/// <summary>One run of the CLI as a process: how it exited and what it printed.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output read as the one JSON document <c>--json</c> prints.</summary>
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("The CLI printed JSON null.");

    /// <summary>Standard output's lines.</summary>
    public IReadOnlyList<string> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    /// <summary>Everything it printed, for an assertion's message.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
