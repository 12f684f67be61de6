using System.Diagnostics;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>
/// The CLI as a user's script runs it: <c>dotnet Pipeline.Cli.dll ARGS</c>, built from src/Pipeline.Cli, with its
/// standard output and error redirected (so not a terminal) and only the PIPELINE_* variables a test gives it.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static readonly string[] Variables = ["PIPELINE_API_URL", "PIPELINE_TOKEN", "PIPELINE_SCOPE", "PIPELINE_USER"];

    /// <summary>Runs the CLI to its exit with <paramref name="environment"/> set; fails when it runs past a few minutes.</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AzuriteFixture.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltProgram.EntryAssembly("Pipeline.Cli"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in Variables)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The CLI did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pipeline {string.Join(' ', arguments)} ran past {Limit}:\n{await stdout}\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
