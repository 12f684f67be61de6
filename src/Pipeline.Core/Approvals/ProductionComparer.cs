using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Approvals;

/// <summary>
/// Compares a version with the model's production version from what their staging rounds recorded (no model is
/// loaded again): the signature the load check described and the metrics of the evaluation. Pure, no I/O.
/// </summary>
public static class ProductionComparer
{
    // The check names the ONNX checks report under (Pipeline.Evaluation's OnnxStagingChecks); Core cannot reference them.
    private const string Loads = "loads", Signature = "signature", Evaluation = "evaluation", ChampionChallenger = "championChallenger";
    private const string Inputs = "inputs", Outputs = "outputs";

    /// <summary>How <paramref name="candidate"/> differs from <paramref name="production"/> (null when the model has none).</summary>
    public static ProductionComparison Compare(ModelVersion candidate, ModelVersion? production)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (production is not null && production.Version == candidate.Version)
        {
            production = null;
        }

        return new ProductionComparison(production?.Version, CompareSignatures(candidate, production), CompareMetrics(candidate, production));
    }

    private static List<MetricComparison> CompareMetrics(ModelVersion candidate, ModelVersion? production)
    {
        var own = Find(candidate, Evaluation)?.Metrics;
        if (own is null)
        {
            return [];
        }

        // Production scored on the same data in this round is the fair comparison; its own round is the fallback.
        var sameData = production is null ? null : Find(candidate, ChampionChallenger)?.ProductionMetrics;
        var theirs = production is null ? null : Find(production, Evaluation)?.Metrics;
        return [.. own.Select(metric =>
        {
            if (sameData is not null && sameData.TryGetValue(metric.Key, out var same))
            {
                return new MetricComparison(metric.Key, metric.Value, same, metric.Value - same, MetricBasis.SameData);
            }

            return theirs is not null && theirs.TryGetValue(metric.Key, out var earlier)
                ? new MetricComparison(metric.Key, metric.Value, earlier, metric.Value - earlier, MetricBasis.ProductionRound)
                : new MetricComparison(metric.Key, metric.Value, null, null, MetricBasis.None);
        })];
    }

    private static SignatureComparison? CompareSignatures(ModelVersion candidate, ModelVersion? production)
    {
        if (production is null || DescribedSignature(candidate) is not { } mine || DescribedSignature(production) is not { } theirs)
        {
            return null;
        }

        var inputs = CompareTensors(mine.Inputs, theirs.Inputs);
        var outputs = CompareTensors(mine.Outputs, theirs.Outputs);
        return new SignatureComparison(inputs.Concat(outputs).All(t => t.Change == TensorChange.Unchanged), inputs, outputs);
    }

    private static List<TensorComparison> CompareTensors(IReadOnlyList<(string Name, string Spec)> mine, IReadOnlyList<(string Name, string Spec)> theirs)
    {
        var result = new List<TensorComparison>();
        foreach (var (name, spec) in mine)
        {
            var other = theirs.FirstOrDefault(t => t.Name == name);
            result.Add(other.Name is null
                ? new TensorComparison(name, spec, null, TensorChange.Added)
                : new TensorComparison(name, spec, other.Spec, other.Spec == spec ? TensorChange.Unchanged : TensorChange.Changed));
        }

        result.AddRange(theirs.Where(t => mine.All(m => m.Name != t.Name)).Select(t => new TensorComparison(t.Name, null, t.Spec, TensorChange.Removed)));
        return result;
    }

    // The load and signature checks describe each side as "name: float[-1,4], other: int64[-1]"; shapes hold no spaces.
    private static (IReadOnlyList<(string Name, string Spec)> Inputs, IReadOnlyList<(string Name, string Spec)> Outputs)? DescribedSignature(ModelVersion version)
    {
        var details = (Find(version, Signature) ?? Find(version, Loads))?.Details;
        if (details is null || !details.TryGetValue(Inputs, out var inputs) || !details.TryGetValue(Outputs, out var outputs))
        {
            return null;
        }

        return (Split(inputs), Split(outputs));
    }

    private static List<(string Name, string Spec)> Split(string described) =>
    [
        .. described.Split(", ", StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var colon = part.LastIndexOf(": ", StringComparison.Ordinal);
            return colon < 0 ? (part, string.Empty) : (part[..colon], part[(colon + 2)..]);
        }),
    ];

    private static CheckResult? Find(ModelVersion version, string check) => version.TestResults.FirstOrDefault(r => r.Name == check);
}
