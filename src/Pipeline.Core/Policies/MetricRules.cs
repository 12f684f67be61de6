using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>The rules of a policy's metric gates: <c>thresholds</c> and <c>maxRegression</c>, keyed by metric name.</summary>
internal static class MetricRules
{
    /// <summary>Reads the absolute bounds, or null when absent; only valid bounds on known metrics of the task are kept.</summary>
    public static Dictionary<string, MetricBound>? ReadThresholds(JsonFieldReader reader, JsonElement? element, bool evaluationPresent, EvaluationTask? task)
    {
        var map = MetricMap(reader, element, "thresholds", evaluationPresent);
        if (map is null)
        {
            return null;
        }

        var thresholds = new Dictionary<string, MetricBound>(StringComparer.Ordinal);
        foreach (var property in map.Value.EnumerateObject())
        {
            var field = $"thresholds.{property.Name}";
            var metricOk = CheckMetric(reader, property.Name, field, task);
            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                reader.Add(field, $"must be an object with min, max or both, not {JsonFieldReader.Describe(property.Value.ValueKind)}.");
                continue;
            }

            var section = reader.Section<BoundShape>(property.Value, field, "min, max", s => s.Unknown);
            if (section is null)
            {
                continue;
            }

            var errorsBefore = reader.Errors.Count;
            var min = reader.Double(section.Min, $"{field}.min");
            var max = reader.Double(section.Max, $"{field}.max");
            if (reader.Errors.Count > errorsBefore)
            {
                continue;
            }

            if (min is null && max is null)
            {
                reader.Add(field, "must set min, max or both.");
            }
            else if (min > max)
            {
                reader.Add(field, $"min ({JsonFieldReader.Format(min.Value)}) is greater than max ({JsonFieldReader.Format(max!.Value)}); no value can meet it.");
            }
            else if (metricOk)
            {
                thresholds[property.Name] = new MetricBound(min, max);
            }
        }

        return thresholds;
    }

    /// <summary>Reads the allowed worsening per metric, or null when absent.</summary>
    public static Dictionary<string, double>? ReadMaxRegression(JsonFieldReader reader, JsonElement? element, bool evaluationPresent, EvaluationTask? task)
    {
        var map = MetricMap(reader, element, "maxRegression", evaluationPresent);
        if (map is null)
        {
            return null;
        }

        var maxRegression = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in map.Value.EnumerateObject())
        {
            var field = $"maxRegression.{property.Name}";
            var metricOk = CheckMetric(reader, property.Name, field, task);
            var value = reader.Double(property.Value, field);
            if (value < 0)
            {
                reader.Add(field, $"must not be negative (it is how much worse than production a candidate may be); it is {JsonFieldReader.Format(value.Value)}.");
            }
            else if (value is { } allowed && metricOk)
            {
                maxRegression[property.Name] = allowed;
            }
        }

        return maxRegression;
    }

    private static JsonElement? MetricMap(JsonFieldReader reader, JsonElement? element, string field, bool evaluationPresent)
    {
        if (!JsonFieldReader.IsPresent(element))
        {
            return null;
        }

        if (!evaluationPresent)
        {
            reader.Add(field, "requires an evaluation section: metrics come from evaluating the model on a dataset.");
        }

        if (element!.Value.ValueKind != JsonValueKind.Object)
        {
            reader.Add(field, $"must be an object keyed by metric name, not {JsonFieldReader.Describe(element.Value.ValueKind)}.");
            return null;
        }

        return element;
    }

    private static bool CheckMetric(JsonFieldReader reader, string metric, string field, EvaluationTask? task)
    {
        if (!MetricCatalog.IsKnown(metric))
        {
            reader.Add(field, $"'{metric}' is not a metric; known metrics are {string.Join(", ", MetricCatalog.All)}.");
            return false;
        }

        if (task is { } known && !MetricCatalog.AppliesTo(metric, known))
        {
            reader.Add(field, $"'{metric}' is not computed for {JsonEnumNames<EvaluationTask>.NameOf(known)}; its metrics are {string.Join(", ", MetricCatalog.For(known))}.");
            return false;
        }

        return true;
    }

    private sealed class BoundShape
    {
        public JsonElement? Min { get; set; }

        public JsonElement? Max { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }
}
