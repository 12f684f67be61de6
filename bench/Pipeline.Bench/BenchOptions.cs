using System.Globalization;

namespace Pipeline.Bench;

/// <summary>What the command line asks for.</summary>
public sealed record BenchOptions
{
    /// <summary>The scenarios, by the name given as the first argument.</summary>
    public static readonly IReadOnlyList<string> Scenarios = ["latency", "throughput", "serving"];

    /// <summary>Which benchmark runs: latency (the default), throughput or serving.</summary>
    public string Scenario { get; init; } = "latency";

    /// <summary>Throughput: versions uploaded at once (and bare orchestrations started at once).</summary>
    public int Batch { get; init; } = 100;

    /// <summary>
    /// Which Azurite: <c>stock</c> (the default) or <c>partition-first</c>, with the registry bench's preload
    /// (azurite-partition-first.js), whose inserts look a row up by partition first, as Table Storage keys rows. The durable
    /// backend's history rows repeat their RowKeys (sequence numbers) in every instance's partition, so on stock Azurite
    /// each insert walks one row per instance the task hub ever held.
    /// </summary>
    public string Azurite { get; init; } = "stock";

    /// <summary>Throughput: measured pipeline batches, each between two baseline batches.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Serving: concurrent request loops.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Serving: the longest each measured load phase runs.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unmeasured iterations run first (JIT, connection pools, first orchestration).</summary>
    public int WarmupIterations { get; init; } = 2;

    /// <summary>Measured iterations.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>
    /// The upload watcher's scan interval, when given. Otherwise a run whose uploads are registered by their notice keeps
    /// the local runtime's own default (<see cref="Pipeline.Local.Hosting.LocalRuntimeOptions.WatchInterval"/>: the
    /// watcher is only the fallback then, and in Azure there is none), and a run that waits for the watcher scans as often
    /// as the test harness does (<see cref="HarnessWatchInterval"/>), so that its latency is not mostly the wait for a scan.
    /// </summary>
    public TimeSpan? WatchInterval { get; init; }

    /// <summary>The test harness's scan interval (<c>PipelineRuntime</c>), used with <c>--register watcher</c>.</summary>
    public static readonly TimeSpan HarnessWatchInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The scan interval the run's runtime is started with.</summary>
    public TimeSpan EffectiveWatchInterval => WatchInterval ?? (Notifies ? new Pipeline.Local.Hosting.LocalRuntimeOptions().WatchInterval : HarnessWatchInterval);

    /// <summary>How uploads reach registration: <c>notice</c> (POST /api/uploads after the upload, as <c>pipeline push</c> does; the default) or <c>watcher</c> (the upload watcher's scan only).</summary>
    public string Register { get; init; } = "notice";

    /// <summary>Whether the harness sends a notice after each upload.</summary>
    public bool Notifies => Register == "notice";

    /// <summary>Where to write the JSON report, if anywhere.</summary>
    public string? OutputPath { get; init; }

    /// <summary>
    /// Parses an optional scenario name first, then <c>--out PATH</c>, <c>--warmup N</c>, <c>--iterations N</c>,
    /// <c>--watch-interval hh:mm:ss.fff</c> (latency), <c>--register notice|watcher</c> (latency, throughput), <c>--batch N</c>, <c>--rounds N</c> (throughput), <c>--concurrency N</c>,
    /// <c>--duration hh:mm:ss</c> (serving).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var start = 0;
        if (args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            options = Scenarios.Contains(args[0])
                ? options with { Scenario = args[0] }
                : throw new ArgumentException($"Unknown scenario '{args[0]}'. Scenarios: {string.Join(", ", Scenarios)}.");
            start = 1;
        }

        for (var i = start; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--out" => options with { OutputPath = value },
                "--warmup" => options with { WarmupIterations = ParseCount(name, value, minimum: 0) },
                "--iterations" => options with { Iterations = ParseCount(name, value, minimum: 1) },
                "--watch-interval" => options with { WatchInterval = ParseInterval(name, value) },
                "--batch" => options with { Batch = ParseCount(name, value, minimum: 1) },
                "--rounds" => options with { Rounds = ParseCount(name, value, minimum: 1) },
                "--azurite" => options with
                {
                    Azurite = value is "stock" or "partition-first" ? value : throw new ArgumentException($"--azurite is 'stock' (the default) or 'partition-first'; '{value}' is not."),
                },
                "--concurrency" => options with { Concurrency = ParseCount(name, value, minimum: 1) },
                "--duration" => options with { Duration = ParseInterval(name, value) },
                "--register" => options with
                {
                    Register = value is "notice" or "watcher" ? value : throw new ArgumentException($"--register is 'notice' (the default) or 'watcher'; '{value}' is not."),
                },
                _ => throw new ArgumentException(
                    $"Unknown option '{name}'. Options: --out PATH, --warmup N, --iterations N, --watch-interval hh:mm:ss.fff, --register notice|watcher, --batch N, --rounds N, --azurite stock|partition-first, --concurrency N, --duration hh:mm:ss."),
            };
        }

        return options;
    }

    private static int ParseCount(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum
            ? count
            : throw new ArgumentException($"{name} needs a whole number of at least {minimum}; '{value}' is not.");

    private static TimeSpan ParseInterval(string name, string value) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
            ? interval
            : throw new ArgumentException($"{name} needs a positive interval such as 00:00:00.250; '{value}' is not.");
}
