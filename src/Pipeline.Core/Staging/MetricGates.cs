using System.Globalization;
using Pipeline.Core.Policies;

namespace Pipeline.Core.Staging;

/// <summary>
/// The metric gates of a model policy, decided on plain numbers: the <see cref="ModelPolicy.Thresholds"/>
/// a candidate's metrics must lie within, and the <see cref="ModelPolicy.MaxRegression"/> by which each may
/// be worse than production's. Whoever computed the metrics reports them; the decision is made here.
/// </summary>
public static class MetricGates
{
    /// <summary>Checks a candidate's metrics against the policy's thresholds.</summary>
    /// <param name="metrics">The metrics defined on the dataset, by name (see <see cref="MetricCatalog"/>).</param>
    /// <param name="undefined">The metrics undefined on the dataset, with the reason for each.</param>
    /// <param name="thresholds">The bounds by metric name, or null when the policy sets none.</param>
    /// <returns>Passed when every threshold is met, which it is when there are none.</returns>
    public static MetricGateVerdict CheckThresholds(IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, string> undefined, IReadOnlyDictionary<string, MetricBound>? thresholds)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(undefined);
        return Decide(thresholds, (metric, bound) =>
            !metrics.TryGetValue(metric, out var value) ? $"{metric} is undefined ({undefined.GetValueOrDefault(metric, "not computed")})"
            : MetricCatalog.MeetsBound(value, bound) ? null
            : $"{metric} {Format(value)} is outside {Describe(bound)}");
    }

    /// <summary>
    /// Checks a candidate against production on the same rows: each gated metric may be worse than
    /// production's by at most its allowance, in the metric's own direction (see <see cref="MetricCatalog.Worsening"/>).
    /// </summary>
    /// <param name="candidate">The candidate's defined metrics, by name.</param>
    /// <param name="production">The production version's defined metrics on the same rows, by name.</param>
    /// <param name="maxRegression">The allowed worsening by metric name, or null when the policy sets none.</param>
    /// <returns>Passed when no gated metric is worse than allowed, which it is when there are no gates.</returns>
    /// <exception cref="ArgumentException">A gate names a metric that is not in the <see cref="MetricCatalog"/>.</exception>
    public static MetricGateVerdict CheckRegression(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> production, IReadOnlyDictionary<string, double>? maxRegression)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(production);
        return Decide(maxRegression, (metric, allowed) =>
        {
            if (!candidate.TryGetValue(metric, out var mine) || !production.TryGetValue(metric, out var theirs))
            {
                return $"{metric} is undefined for one of the two versions";
            }

            var worsening = MetricCatalog.Worsening(metric, mine, theirs);
            return worsening > allowed
                ? $"{metric} {Format(mine)} is worse than production's {Format(theirs)} by {Format(worsening)} (allowed {Format(allowed)})"
                : null;
        });
    }

    // Every gate is decided, in order, so the verdict lists all that fail rather than the first.
    private static MetricGateVerdict Decide<TGate>(IReadOnlyDictionary<string, TGate>? gates, Func<string, TGate, string?> failureOf)
    {
        var failures = new List<string>();
        foreach (var (metric, gate) in gates ?? new Dictionary<string, TGate>())
        {
            if (failureOf(metric, gate) is { } failure)
            {
                failures.Add(failure);
            }
        }

        return new MetricGateVerdict(failures);
    }

    private static string Describe(MetricBound bound) => (bound.Min, bound.Max) switch
    {
        ({ } min, { } max) => $"[{Format(min)}, {Format(max)}]",
        ({ } min, null) => $"the minimum {Format(min)}",
        (null, { } max) => $"the maximum {Format(max)}",
        _ => "no bound",
    };

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>What the metric gates decided.</summary>
/// <param name="Failures">One phrase per gate that is not met, in the order of the gates; empty when all are.</param>
public sealed record MetricGateVerdict(IReadOnlyList<string> Failures)
{
    /// <summary>Whether every gate is met.</summary>
    public bool Passed => Failures.Count == 0;
}
