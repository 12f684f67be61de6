using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Testing;

/// <summary>
/// What every benchmark program under <c>bench/</c> does around its measurement: Ctrl+C as a cancellation
/// (so the runtime, then Azurite, shut down and the temporary folder is deleted), its own Azurite on free
/// ports, the table to stdout, progress to stderr, and the report as JSON when asked.
/// </summary>
public static class BenchRun
{
    /// <summary>camelCase, indented, enums by name, arrows unescaped: reports are read by people as often as by scripts.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Written to a file, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// The local runtime's logging in a benchmark: warnings and above, all on stderr, so that stdout carries only the table.
    /// </summary>
    public static IReadOnlyList<string> RuntimeLogging { get; } = ["--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"];

    /// <summary>
    /// Runs <paramref name="measure"/> on a fresh Azurite (kept in memory with <paramref name="inMemoryStorage"/>) and
    /// reports what it returns.
    /// </summary>
    /// <returns>The process's exit code.</returns>
    public static async Task<int> RunAsync<TReport>(
        Func<AzuriteFixture, CancellationToken, Task<TReport>> measure, Func<TReport, string> table, string? outputPath, bool inMemoryStorage = false)
    {
        using var stop = new CancellationTokenSource();
        void OnCancel(object? sender, ConsoleCancelEventArgs e)
        {
            e.Cancel = true;
            stop.Cancel();
        }

        Console.CancelKeyPress += OnCancel;
        var azurite = new AzuriteFixture { InMemory = inMemoryStorage };
        TReport report;
        try
        {
            Console.Error.WriteLine("Starting Azurite...");
            await azurite.InitializeAsync();
            report = await measure(azurite, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= OnCancel;
            await azurite.DisposeAsync();
        }

        Console.Out.Write(table(report));
        if (outputPath is not null)
        {
            var full = Path.GetFullPath(outputPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, JsonSerializer.Serialize(report, Json) + "\n");
            Console.Error.WriteLine($"Wrote {full}");
        }

        return 0;
    }
}
