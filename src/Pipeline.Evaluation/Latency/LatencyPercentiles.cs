namespace Pipeline.Evaluation.Latency;

/// <summary>Single-row inference latency, in milliseconds.</summary>
/// <param name="P50Ms">The median.</param>
/// <param name="P95Ms">The 95th percentile.</param>
/// <param name="Samples">How many single-row runs were timed.</param>
public sealed record LatencyPercentiles(double P50Ms, double P95Ms, int Samples);
