namespace Pipeline.Bench;

/// <summary>The measured samples of one scenario and their median, minimum and maximum, in milliseconds.</summary>
public sealed record LatencySummary(string Scenario, string Activities, double MedianMs, double MinMs, double MaxMs, IReadOnlyList<double> SamplesMs)
{
    /// <summary>Summarises <paramref name="samples"/> (at least one).</summary>
    public static LatencySummary From(string scenario, string activities, IReadOnlyList<TimeSpan> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("A summary needs at least one sample.", nameof(samples));
        }

        var ms = samples.Select(s => Math.Round(s.TotalMilliseconds, 1)).ToArray();
        var sorted = ms.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new LatencySummary(scenario, activities, Math.Round(median, 1), sorted[0], sorted[^1], ms);
    }
}
