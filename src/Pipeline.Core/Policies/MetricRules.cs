using System.Text.Json;

namespace Pipeline.Core.Policies;

/// <summary>The rules of a policy's metric gates: <c>thresholds</c> and <c>maxRegression</c>, keyed by metric name.</summary>
internal static class MetricRules
{
    /// <summary>Reads the absolute bounds, or null when absent; only valid bounds on known metrics of the task are kept.</summary>
    public static Dictionary<string, MetricBound>? ReadThresholds(JsonFieldReader reader, JsonElement? element, bool evaluationPresent, EvaluationTask? task) =>
        ReadPerMetric(reader, element, "thresholds", evaluationPresent, task, ReadBound);

    /// <summary>Reads the allowed worsening per metric, or null when absent.</summary>
    public static Dictionary<string, double>? ReadMaxRegression(JsonFieldReader reader, JsonElement? element, bool evaluationPresent, EvaluationTask? task) =>
        ReadPerMetric<double?>(reader, element, "maxRegression", evaluationPresent, task, (_, value, field) =>
        {
            var allowed = reader.Double(value, field);
            if (allowed < 0)
            {
                reader.Add(field, $"must not be negative (it is how much worse than production a candidate may be); it is {JsonFieldReader.Format(allowed.Value)}.");
                return null;
            }

            return allowed;
        })?.ToDictionary(pair => pair.Key, pair => pair.Value!.Value, StringComparer.Ordinal);

    // Every member of a per-metric section is read the same way: the metric must be known for the task,
    // and its value is read by the section's own rule; an invalid value or metric is reported, not kept.
    private static Dictionary<string, T>? ReadPerMetric<T>(
        JsonFieldReader reader, JsonElement? element, string section, bool evaluationPresent, EvaluationTask? task, Func<JsonFieldReader, JsonElement, string, T?> readValue)
    {
        var map = MetricMap(reader, element, section, evaluationPresent);
        if (map is null)
        {
            return null;
        }

        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var property in map.Value.EnumerateObject())
        {
            var field = $"{section}.{property.Name}";
            var metricOk = CheckMetric(reader, property.Name, field, task);
            if (readValue(reader, property.Value, field) is { } value && metricOk)
            {
                values[property.Name] = value;
            }
        }

        return values;
    }

    private static MetricBound? ReadBound(JsonFieldReader reader, JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            reader.Add(field, $"must be an object with min, max or both, not {JsonFieldReader.Describe(value.ValueKind)}.");
            return null;
        }

        var section = reader.Section(value, field, "min", "max");
        if (section is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var min = reader.Double(section["min"], $"{field}.min");
        var max = reader.Double(section["max"], $"{field}.max");
        if (reader.Errors.Count > errorsBefore)
        {
            return null;
        }

        if (min is null && max is null)
        {
            reader.Add(field, "must set min, max or both.");
            return null;
        }

        if (min > max)
        {
            reader.Add(field, $"min ({JsonFieldReader.Format(min.Value)}) is greater than max ({JsonFieldReader.Format(max!.Value)}); no value can meet it.");
            return null;
        }

        return new MetricBound(min, max);
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
}
