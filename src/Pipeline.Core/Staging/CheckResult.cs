namespace Pipeline.Core.Staging;

/// <summary>The result of one staging check: one shape for every check.</summary>
/// <param name="Name">The check's name: <c>integrity</c>, <c>loads</c>, <c>signature</c>, <c>evaluation</c>, <c>championChallenger</c>, <c>latency</c>.</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Reason">Why, in words an approver can read.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Details">Facts it recorded, by name (hash, size, signature).</param>
public sealed record CheckResult(
    string Name,
    CheckOutcome Outcome,
    string Reason,
    double DurationMs,
    IReadOnlyDictionary<string, string>? Details = null)
{
    /// <summary>The metrics it measured (the candidate's, for champion/challenger).</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>The production version's metrics on the same data (champion/challenger only).</summary>
    public IReadOnlyDictionary<string, double>? ProductionMetrics { get; init; }

    /// <summary>The median single-row latency (latency only).</summary>
    public double? P50Ms { get; init; }

    /// <summary>The 95th-percentile single-row latency (latency only).</summary>
    public double? P95Ms { get; init; }

    /// <summary>The value compared with <see cref="Threshold"/>, where one value decides the check.</summary>
    public double? Measured { get; init; }

    /// <summary>The limit the measured value was held to.</summary>
    public double? Threshold { get; init; }
}
