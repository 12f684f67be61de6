using System.Diagnostics;
using System.Text;

namespace Pipeline.Testing;

/// <summary>The local runtime as a user runs it: a separate process, driven over HTTP and blob uploads.</summary>
public sealed class LocalRuntimeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private LocalRuntimeProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The API's base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>An HTTP client on it.</summary>
    public HttpClient Http { get; }

    /// <summary>What the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Its exit code, once exited.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the process to exit and for everything it printed to be read into
    /// <see cref="Output"/> (<see cref="HasExited"/> turns true before the last lines are read); whether it exited.
    /// </summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts <c>Pipeline.Local</c> with the given environment and waits until its API answers.</summary>
    public static async Task<LocalRuntimeProcess> StartAsync(IDictionary<string, string> environment)
    {
        var port = FreePorts.Take(1)[0];
        var start = NewStartInfo(new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Local__WatchInterval"] = environment.TryGetValue("Local__WatchInterval", out var interval) ? interval : "00:00:00.250",
        });

        var process = Process.Start(start) ?? throw new InvalidOperationException("The local runtime did not start.");
        var runtime = new LocalRuntimeProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"The local runtime exited with {process.ExitCode}:\n{runtime.Output}");
            }

            try
            {
                using var response = await runtime.Http.GetAsync("api/health");
                if (response.IsSuccessStatusCode)
                {
                    return runtime;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await runtime.DisposeAsync();
                throw new TimeoutException($"The local runtime's API did not answer within 60 s:\n{runtime.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Runs <c>Pipeline.Local upload ...</c> to completion; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunUploadAsync(IDictionary<string, string> environment, params string[] arguments) =>
        RunToExitAsync(environment, ["upload", .. arguments]);

    /// <summary>Runs <c>Pipeline.Local ARGS</c> until it exits by itself; returns its exit code and output (standard output first).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IDictionary<string, string> environment, params string[] arguments)
    {
        var start = NewStartInfo(environment, arguments);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Kills the process at once (no shutdown at all), as a crash would.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// Presses Ctrl+C as a terminal does: SIGINT to the runtime's whole process group (the runtime was
    /// started in a session of its own, so the group is its and its children's), then waits for it to exit.
    /// </summary>
    public async Task<bool> InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", "--", "-" + process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    // `dotnet Pipeline.Local.dll ARGS` from the repository root, as the README's command runs it.
    private static ProcessStartInfo NewStartInfo(IDictionary<string, string> environment, params string[] arguments)
    {
        // setsid: a session and process group of its own, like a program started from a terminal.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = AzuriteFixture.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(EntryAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static string EntryAssembly => BuiltProgram.EntryAssembly("Pipeline.Local");

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
