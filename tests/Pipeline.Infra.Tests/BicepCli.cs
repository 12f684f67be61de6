using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

/// <summary>The outcome of one run of the Bicep CLI.</summary>
internal sealed partial record BicepRun(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every warning or error the CLI reported, in its "file(line,col) : Level CODE: text" form.</summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardOutput + "\n" + StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => DiagnosticLine().IsMatch(line))
            .ToList();

    public string Describe() =>
        $"exit code {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";

    [GeneratedRegex(@"\b(Warning|Error)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DiagnosticLine();
}

/// <summary>
/// Runs the Bicep CLI that restore placed in the NuGet package folder
/// (package Azure.Bicep.CommandLine.linux-x64, pinned in Directory.Packages.props).
/// </summary>
internal static class BicepCli
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";
    private const string PackageVersion = "0.49.2";

    private static readonly Lazy<string> Executable = new(Locate);

    public static async Task<BicepRun> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryLayout.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {Executable.Value}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepRun(process.ExitCode, await standardOutput, await standardError);
    }

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "The infra tests run the linux-x64 Bicep CLI package; run them on Linux.");
        }

        var packageFolder = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string?[] candidates =
        [
            RepositoryLayout.Metadata("BicepCliPath"),
            Path.Combine(packageFolder, PackageId, PackageVersion, "tools", "bicep"),
        ];
        var path = candidates.FirstOrDefault(candidate => !string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            ?? throw new FileNotFoundException(
                $"No Bicep CLI at {string.Join(" or ", candidates)}. Restore tests/Pipeline.Infra.Tests first.");

        // NuGet does not always keep the executable bit when it extracts a package.
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | executable);
        }

        return path;
    }
}
