namespace Pipeline.Core.Policies;

/// <summary>An absolute bound on one metric; at least one side is set, and <c>Min &lt;= Max</c>.</summary>
/// <param name="Min">The smallest acceptable value, inclusive, or null for no lower bound.</param>
/// <param name="Max">The largest acceptable value, inclusive, or null for no upper bound.</param>
public sealed record MetricBound(double? Min, double? Max);
