using System.Diagnostics;

namespace Pipeline.Bench;

/// <summary>
/// A closed-loop load generator: <see cref="ServingOptions.Concurrency"/> loops each send one request after
/// the other, first for the warm-up, then measured until the time or the request budget is spent.
/// Any failed request ends the run: a failure is not a served lookup.
/// </summary>
public static class LoadPhase
{
    /// <summary>Runs one phase of <paramref name="call"/> and summarises it.</summary>
    public static async Task<LoadSummary> RunAsync(string name, Func<CancellationToken, Task> call, ServingOptions options, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"load: {name}, {options.Concurrency} loops, warm-up {options.Warmup.TotalSeconds:F0} s, then {options.Duration.TotalSeconds:F0} s or {options.MaxRequests} requests");
        await LoopAsync(call, options.Concurrency, options.Warmup, int.MaxValue, record: null, cancellationToken);

        var latencies = new List<double>[options.Concurrency];
        for (var i = 0; i < latencies.Length; i++)
        {
            latencies[i] = new List<double>(capacity: 16_384);
        }

        var elapsed = await LoopAsync(call, options.Concurrency, options.Duration, options.MaxRequests, latencies, cancellationToken);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var summary = new LoadSummary(name, all.Length, elapsed.TotalSeconds, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99));
        Console.Error.WriteLine($"      {summary.Requests} requests in {summary.Seconds:F2} s: {summary.RequestsPerSecond:F0}/s, p50 {summary.P50Ms:F2} ms, p99 {summary.P99Ms:F2} ms");
        return summary;
    }

    private static async Task<TimeSpan> LoopAsync(
        Func<CancellationToken, Task> call, int concurrency, TimeSpan duration, int maxRequests, List<double>[]? record, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var budget = maxRequests;
        async Task Loop(int index)
        {
            while (Stopwatch.GetElapsedTime(started) < duration && Interlocked.Decrement(ref budget) >= 0)
            {
                var sent = Stopwatch.GetTimestamp();
                await call(cancellationToken);
                record?[index].Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Loop(i), cancellationToken)));
        return Stopwatch.GetElapsedTime(started);
    }

    private static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? double.NaN : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)], 2);
}
