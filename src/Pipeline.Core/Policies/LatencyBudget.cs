namespace Pipeline.Core.Policies;

/// <summary>The inference latency budget.</summary>
/// <param name="P95Ms">The 95th percentile of single-row inference time must not exceed this, in milliseconds.</param>
/// <param name="Rows">How many single-row inferences to time (1 to <see cref="MaxRows"/>).</param>
public sealed record LatencyBudget(double P95Ms, int Rows)
{
    /// <summary>The most rows a latency test may time, so a policy cannot make staging run for hours.</summary>
    public const int MaxRows = 100_000;
}
