using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Pipeline.Core.Policies;

namespace Pipeline.Evaluation.Metrics;

/// <summary>
/// The metrics an evaluation computed, by name (see <see cref="MetricCatalog"/>). A metric that
/// is mathematically undefined on this dataset (ROC AUC with one class, R² of a constant target) is not
/// in the dictionary, never NaN; it is in <see cref="Undefined"/> with the reason, so a threshold on it
/// fails with an explanation rather than comparing against NaN.
/// </summary>
public sealed class ComputedMetrics : IReadOnlyDictionary<string, double>
{
    private readonly Dictionary<string, double> values;

    /// <summary>Creates the result.</summary>
    /// <param name="rows">How many rows were scored.</param>
    /// <param name="values">The defined metrics; every value finite.</param>
    /// <param name="undefined">The undefined metrics and why, or null for none.</param>
    public ComputedMetrics(long rows, IReadOnlyDictionary<string, double> values, IReadOnlyDictionary<string, string>? undefined = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Metric '{name}' is {value}; an undefined metric belongs in the undefined list.", nameof(values));
            }
        }

        Rows = rows;
        this.values = new Dictionary<string, double>(values, StringComparer.Ordinal);
        Undefined = new Dictionary<string, string>(undefined ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    /// <summary>How many rows were scored.</summary>
    public long Rows { get; }

    /// <summary>The metrics that are undefined on this dataset, with the reason for each.</summary>
    public IReadOnlyDictionary<string, string> Undefined { get; }

    /// <inheritdoc />
    public int Count => values.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => values.Keys;

    /// <inheritdoc />
    public IEnumerable<double> Values => values.Values;

    /// <inheritdoc />
    public double this[string key] => values[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value) => values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
