using System.Text.Json;
using Pipeline.Core.Naming;

namespace Pipeline.Core.Policies;

/// <summary>The rules of a policy's <c>evaluation</c> section: which dataset, task, columns and tensors.</summary>
internal static class EvaluationRules
{
    /// <summary>Reads the section, or null when it is absent or wrong; <paramref name="task"/> is the task whenever it could be read, for the metric rules.</summary>
    public static EvaluationSpec? Read(JsonFieldReader reader, JsonElement? element, out EvaluationTask? task)
    {
        task = null;
        var section = reader.OptionalSection(element, "evaluation", "dataset", "task", "label", "features", "input", "output", "threshold");
        if (section is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;

        var dataset = reader.String(section["dataset"], "evaluation.dataset", required: true);
        if (dataset is not null && NamingRules.ExplainInvalidDatasetName(dataset) is { } datasetProblem)
        {
            reader.Add("evaluation.dataset", datasetProblem);
        }

        task = reader.OneOf<EvaluationTask>(section["task"], "evaluation.task", "a task", required: true);

        var label = reader.String(section["label"], "evaluation.label", required: true);
        if (label is { Length: 0 })
        {
            reader.Add("evaluation.label", "must name the label column; it is empty.");
        }

        var features = ReadFeatures(reader, section["features"], label);
        var input = TensorName(reader, section["input"], "evaluation.input");
        var output = TensorName(reader, section["output"], "evaluation.output");

        var threshold = reader.Double(section["threshold"], "evaluation.threshold");
        if (threshold is { } t)
        {
            if (t is <= 0 or >= 1)
            {
                reader.Add("evaluation.threshold", $"must lie strictly between 0 and 1; it is {JsonFieldReader.Format(t)}.");
            }

            if (task is { } known && known != EvaluationTask.BinaryClassification)
            {
                reader.Add(
                    "evaluation.threshold",
                    $"applies only to {JsonEnumNames<EvaluationTask>.NameOf(EvaluationTask.BinaryClassification)}, not {JsonEnumNames<EvaluationTask>.NameOf(known)}.");
            }
        }

        if (reader.Errors.Count > errorsBefore || dataset is null || task is null || label is null)
        {
            return null;
        }

        return new EvaluationSpec(dataset, task.Value, label, features, input, output, threshold);
    }

    private static List<string>? ReadFeatures(JsonFieldReader reader, JsonElement? element, string? label)
    {
        if (!JsonFieldReader.IsPresent(element))
        {
            return null;
        }

        const string field = "evaluation.features";
        var array = element!.Value;
        if (array.ValueKind != JsonValueKind.Array)
        {
            reader.Add(field, $"must be an array of column names, not {JsonFieldReader.Describe(array.ValueKind)}.");
            return null;
        }

        if (array.GetArrayLength() == 0)
        {
            reader.Add(field, "must list at least one column; leave it out to use every column but the label.");
            return null;
        }

        var features = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemField = $"{field}[{index}]";
            index++;
            if (item.ValueKind != JsonValueKind.String)
            {
                reader.Add(itemField, $"must be a column name (a string), not {JsonFieldReader.Describe(item.ValueKind)}.");
                continue;
            }

            var name = item.GetString()!;
            if (name.Length == 0)
            {
                reader.Add(itemField, "must not be empty.");
            }
            else if (!seen.Add(name))
            {
                reader.Add(itemField, $"'{name}' is listed more than once.");
            }
            else if (string.Equals(name, label, StringComparison.Ordinal))
            {
                reader.Add(itemField, $"'{name}' is the label column and cannot also be a feature.");
            }

            features.Add(name);
        }

        return features;
    }

    private static string? TensorName(JsonFieldReader reader, JsonElement? element, string field)
    {
        var name = reader.String(element, field);
        if (name is { Length: 0 })
        {
            reader.Add(field, "must name a tensor; leave it out to use the model's only input or first output.");
            return null;
        }

        return name;
    }
}
