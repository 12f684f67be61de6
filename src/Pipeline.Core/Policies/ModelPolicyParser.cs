using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>
/// Reads and validates a model policy document (JSON, camelCase). Validation reports every invalid field
/// at once, so the author fixes a policy in one round: the document is first read into permissive
/// shapes (every value a <see cref="JsonElement"/>, unknown members captured rather than rejected), and
/// only then checked field by field.
/// </summary>
public static class ModelPolicyParser
{
    /// <summary>The longest dataset blob name accepted (the Azure Blob Storage limit).</summary>
    public const int MaxDatasetNameLength = 1024;

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowDuplicateProperties = false,
        WriteIndented = true,
    };

    // Duplicate members are refused: "last one wins" would let a policy say two things about one field.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    /// <exception cref="PolicyValidationException">The document is malformed or has invalid fields; every one is listed.</exception>
    public static ModelPolicy Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new PolicyValidationException([new PolicyError("$", $"The policy is not valid JSON: {exception.Message}")]);
        }

        using (document)
        {
            var validator = new Validator();
            var policy = validator.ReadPolicy(document.RootElement);
            if (validator.Errors.Count > 0 || policy is null)
            {
                throw new PolicyValidationException(validator.Errors);
            }

            return policy;
        }
    }

    /// <summary>Writes <paramref name="policy"/> as a policy document that <see cref="Parse"/> reads back to an equal policy.</summary>
    public static string Serialize(ModelPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return JsonSerializer.Serialize(policy, SerializerOptions);
    }

    /// <summary>Returns why <paramref name="dataset"/> is not a valid dataset blob name, or null when it is.</summary>
    public static string? ExplainInvalidDatasetName(string? dataset)
    {
        if (string.IsNullOrEmpty(dataset))
        {
            return "A dataset name must not be empty.";
        }

        if (dataset.Length > MaxDatasetNameLength)
        {
            return $"A dataset name has at most {MaxDatasetNameLength} characters; this one has {dataset.Length}.";
        }

        if (dataset[0] == '/' || dataset[0] == '\\')
        {
            return $"A dataset is a blob name in the '{EvaluationSpec.DatasetContainer}' container and must not start with '/'; '{dataset}' does.";
        }

        if (dataset[^1] == '/' || dataset[^1] == '\\')
        {
            return $"A dataset name names a blob, not a folder, and must not end with '/'; '{dataset}' does.";
        }

        // Backslashes count as separators too: some tools normalise them to '/', which would turn "a\..\b" into a traversal.
        foreach (var segment in dataset.Split('/', '\\'))
        {
            if (segment == "..")
            {
                return $"A dataset name must not contain '..' segments; '{dataset}' does.";
            }
        }

        return null;
    }

    // Permissive shapes: every member a JsonElement so a wrongly typed value is an error to report, not an
    // exception that stops the reading; unknown members land in Unknown.
    private sealed class PolicyDocument
    {
        public JsonElement? Evaluation { get; set; }

        public JsonElement? Thresholds { get; set; }

        public JsonElement? MaxRegression { get; set; }

        public JsonElement? Latency { get; set; }

        public JsonElement? MaxArtifactBytes { get; set; }

        public JsonElement? AllowUnevaluatedFormats { get; set; }

        public JsonElement? Retention { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    private sealed class EvaluationSection
    {
        public JsonElement? Dataset { get; set; }

        public JsonElement? Task { get; set; }

        public JsonElement? Label { get; set; }

        public JsonElement? Features { get; set; }

        public JsonElement? Input { get; set; }

        public JsonElement? Output { get; set; }

        public JsonElement? Threshold { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    private sealed class BoundSection
    {
        public JsonElement? Min { get; set; }

        public JsonElement? Max { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    private sealed class LatencySection
    {
        public JsonElement? P95Ms { get; set; }

        public JsonElement? Rows { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    private sealed class RetentionSection
    {
        public JsonElement? KeepArchived { get; set; }

        public JsonElement? ArchivedDays { get; set; }

        public JsonElement? PurgeMode { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    private sealed class Validator
    {
        private const string KnownTopLevel = "evaluation, thresholds, maxRegression, latency, maxArtifactBytes, allowUnevaluatedFormats, retention";
        private const string KnownEvaluation = "dataset, task, label, features, input, output, threshold";

        private readonly List<PolicyError> errors = [];

        public IReadOnlyList<PolicyError> Errors => errors;

        public ModelPolicy? ReadPolicy(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Add("$", $"A policy document is a JSON object, not {Describe(root.ValueKind)}.");
                return null;
            }

            var document = Section<PolicyDocument>(root, "$", KnownTopLevel, d => d.Unknown);
            if (document is null)
            {
                return null;
            }

            var evaluationPresent = IsPresent(document.Evaluation);
            var evaluation = ReadEvaluation(document.Evaluation, out var task);
            var thresholds = ReadThresholds(document.Thresholds, evaluationPresent, task);
            var maxRegression = ReadMaxRegression(document.MaxRegression, evaluationPresent, task);
            var latency = ReadLatency(document.Latency);

            var maxArtifactBytes = Int64(document.MaxArtifactBytes, "maxArtifactBytes");
            if (maxArtifactBytes <= 0)
            {
                Add("maxArtifactBytes", $"must be a positive number of bytes; it is {maxArtifactBytes}.");
            }

            var allowUnevaluated = Boolean(document.AllowUnevaluatedFormats, "allowUnevaluatedFormats");
            var retention = ReadRetention(document.Retention);

            return new ModelPolicy
            {
                Evaluation = evaluation,
                Thresholds = thresholds,
                MaxRegression = maxRegression,
                Latency = latency,
                MaxArtifactBytes = maxArtifactBytes,
                AllowUnevaluatedFormats = allowUnevaluated ?? false,
                Retention = retention,
            };
        }

        private EvaluationSpec? ReadEvaluation(JsonElement? element, out EvaluationTask? task)
        {
            task = null;
            if (!IsPresent(element))
            {
                return null;
            }

            var section = Section<EvaluationSection>(element!.Value, "evaluation", KnownEvaluation, s => s.Unknown);
            if (section is null)
            {
                return null;
            }

            var errorsBefore = errors.Count;

            var dataset = String(section.Dataset, "evaluation.dataset", required: true);
            if (dataset is not null && ExplainInvalidDatasetName(dataset) is { } datasetProblem)
            {
                Add("evaluation.dataset", datasetProblem);
            }

            var taskName = String(section.Task, "evaluation.task", required: true);
            if (taskName is not null)
            {
                if (JsonEnumNames<EvaluationTask>.TryParse(taskName, out var parsed))
                {
                    task = parsed;
                }
                else
                {
                    Add("evaluation.task", $"'{taskName}' is not a task; use one of {JsonEnumNames<EvaluationTask>.Listed}.");
                }
            }

            var label = String(section.Label, "evaluation.label", required: true);
            if (label is { Length: 0 })
            {
                Add("evaluation.label", "must name the label column; it is empty.");
            }

            var features = ReadFeatures(section.Features, label);
            var input = TensorName(section.Input, "evaluation.input");
            var output = TensorName(section.Output, "evaluation.output");

            var threshold = Double(section.Threshold, "evaluation.threshold");
            if (threshold is { } t)
            {
                if (t is <= 0 or >= 1)
                {
                    Add("evaluation.threshold", $"must lie strictly between 0 and 1; it is {Format(t)}.");
                }

                if (task is { } known && known != EvaluationTask.BinaryClassification)
                {
                    Add("evaluation.threshold", $"applies only to {JsonEnumNames<EvaluationTask>.NameOf(EvaluationTask.BinaryClassification)}, not {taskName}.");
                }
            }

            if (errors.Count > errorsBefore || dataset is null || task is null || label is null)
            {
                return null;
            }

            return new EvaluationSpec(dataset, task.Value, label, features, input, output, threshold);
        }

        private List<string>? ReadFeatures(JsonElement? element, string? label)
        {
            if (!IsPresent(element))
            {
                return null;
            }

            const string field = "evaluation.features";
            var array = element!.Value;
            if (array.ValueKind != JsonValueKind.Array)
            {
                Add(field, $"must be an array of column names, not {Describe(array.ValueKind)}.");
                return null;
            }

            if (array.GetArrayLength() == 0)
            {
                Add(field, "must list at least one column; leave it out to use every column but the label.");
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
                    Add(itemField, $"must be a column name (a string), not {Describe(item.ValueKind)}.");
                    continue;
                }

                var name = item.GetString()!;
                if (name.Length == 0)
                {
                    Add(itemField, "must not be empty.");
                }
                else if (!seen.Add(name))
                {
                    Add(itemField, $"'{name}' is listed more than once.");
                }
                else if (string.Equals(name, label, StringComparison.Ordinal))
                {
                    Add(itemField, $"'{name}' is the label column and cannot also be a feature.");
                }

                features.Add(name);
            }

            return features;
        }

        private Dictionary<string, MetricBound>? ReadThresholds(JsonElement? element, bool evaluationPresent, EvaluationTask? task)
        {
            var map = MetricMap(element, "thresholds", evaluationPresent);
            if (map is null)
            {
                return null;
            }

            var thresholds = new Dictionary<string, MetricBound>(StringComparer.Ordinal);
            foreach (var property in map.Value.EnumerateObject())
            {
                var field = $"thresholds.{property.Name}";
                var metricOk = CheckMetric(property.Name, field, task);
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    Add(field, $"must be an object with min, max or both, not {Describe(property.Value.ValueKind)}.");
                    continue;
                }

                var section = Section<BoundSection>(property.Value, field, "min, max", s => s.Unknown);
                if (section is null)
                {
                    continue;
                }

                var errorsBefore = errors.Count;
                var min = Double(section.Min, $"{field}.min");
                var max = Double(section.Max, $"{field}.max");
                if (errors.Count > errorsBefore)
                {
                    continue;
                }

                if (min is null && max is null)
                {
                    Add(field, "must set min, max or both.");
                }
                else if (min > max)
                {
                    Add(field, $"min ({Format(min.Value)}) is greater than max ({Format(max!.Value)}); no value can meet it.");
                }
                else if (metricOk)
                {
                    thresholds[property.Name] = new MetricBound(min, max);
                }
            }

            return thresholds;
        }

        private Dictionary<string, double>? ReadMaxRegression(JsonElement? element, bool evaluationPresent, EvaluationTask? task)
        {
            var map = MetricMap(element, "maxRegression", evaluationPresent);
            if (map is null)
            {
                return null;
            }

            var maxRegression = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in map.Value.EnumerateObject())
            {
                var field = $"maxRegression.{property.Name}";
                var metricOk = CheckMetric(property.Name, field, task);
                var value = Double(property.Value, field);
                if (value < 0)
                {
                    Add(field, $"must not be negative (it is how much worse than production a candidate may be); it is {Format(value.Value)}.");
                }
                else if (value is { } allowed && metricOk)
                {
                    maxRegression[property.Name] = allowed;
                }
            }

            return maxRegression;
        }

        private JsonElement? MetricMap(JsonElement? element, string field, bool evaluationPresent)
        {
            if (!IsPresent(element))
            {
                return null;
            }

            if (!evaluationPresent)
            {
                Add(field, "requires an evaluation section: metrics come from evaluating the model on a dataset.");
            }

            if (element!.Value.ValueKind != JsonValueKind.Object)
            {
                Add(field, $"must be an object keyed by metric name, not {Describe(element.Value.ValueKind)}.");
                return null;
            }

            return element;
        }

        private bool CheckMetric(string metric, string field, EvaluationTask? task)
        {
            if (!MetricCatalog.IsKnown(metric))
            {
                Add(field, $"'{metric}' is not a metric; known metrics are {string.Join(", ", MetricCatalog.All)}.");
                return false;
            }

            if (task is { } known && !MetricCatalog.AppliesTo(metric, known))
            {
                Add(field, $"'{metric}' is not computed for {JsonEnumNames<EvaluationTask>.NameOf(known)}; its metrics are {string.Join(", ", MetricCatalog.For(known))}.");
                return false;
            }

            return true;
        }

        private LatencyBudget? ReadLatency(JsonElement? element)
        {
            if (!IsPresent(element))
            {
                return null;
            }

            var section = Section<LatencySection>(element!.Value, "latency", "p95Ms, rows", s => s.Unknown);
            if (section is null)
            {
                return null;
            }

            var errorsBefore = errors.Count;
            var p95 = Double(section.P95Ms, "latency.p95Ms", required: true);
            if (p95 <= 0)
            {
                Add("latency.p95Ms", $"must be a positive number of milliseconds; it is {Format(p95.Value)}.");
            }

            var rows = Int64(section.Rows, "latency.rows", required: true);
            if (rows is < 1 or > LatencyBudget.MaxRows)
            {
                Add("latency.rows", $"must be between 1 and {LatencyBudget.MaxRows}; it is {rows}.");
            }

            return errors.Count > errorsBefore || p95 is null || rows is null ? null : new LatencyBudget(p95.Value, (int)rows.Value);
        }

        private RetentionPolicy? ReadRetention(JsonElement? element)
        {
            if (!IsPresent(element))
            {
                return null;
            }

            var section = Section<RetentionSection>(element!.Value, "retention", "keepArchived, archivedDays, purgeMode", s => s.Unknown);
            if (section is null)
            {
                return null;
            }

            var errorsBefore = errors.Count;
            var keep = NonNegativeInt32(section.KeepArchived, "retention.keepArchived");
            var days = NonNegativeInt32(section.ArchivedDays, "retention.archivedDays");

            PurgeMode? purgeMode = null;
            var modeName = String(section.PurgeMode, "retention.purgeMode");
            if (modeName is not null)
            {
                if (JsonEnumNames<PurgeMode>.TryParse(modeName, out var mode))
                {
                    purgeMode = mode;
                }
                else
                {
                    Add("retention.purgeMode", $"'{modeName}' is not a purge mode; use one of {JsonEnumNames<PurgeMode>.Listed}.");
                }
            }

            return errors.Count > errorsBefore ? null : new RetentionPolicy(keep, days, purgeMode);
        }

        private int? NonNegativeInt32(JsonElement? element, string field)
        {
            var value = Int64(element, field);
            if (value is null)
            {
                return null;
            }

            if (value is < 0 or > int.MaxValue)
            {
                Add(field, $"must be a whole number from 0 to {int.MaxValue}; it is {value}.");
                return null;
            }

            return (int)value.Value;
        }

        private T? Section<T>(JsonElement element, string field, string knownFields, Func<T, Dictionary<string, JsonElement>?> unknown)
            where T : class
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(field, $"must be an object, not {Describe(element.ValueKind)}.");
                return null;
            }

            T? section;
            try
            {
                section = element.Deserialize<T>(SerializerOptions);
            }
            catch (JsonException exception)
            {
                // Only members that differ just by case get here (the document itself was already checked for duplicates).
                Add(field, exception.Message);
                return null;
            }

            if (section is null)
            {
                Add(field, "must be an object.");
                return null;
            }

            foreach (var name in unknown(section)?.Keys ?? Enumerable.Empty<string>())
            {
                var path = field == "$" ? name : $"{field}.{name}";
                Add(path, $"is not a known field; known fields are {knownFields}.");
            }

            return section;
        }

        private string? String(JsonElement? element, string field, bool required = false)
        {
            if (!Present(element, field, required))
            {
                return null;
            }

            if (element!.Value.ValueKind != JsonValueKind.String)
            {
                Add(field, $"must be a string, not {Describe(element.Value.ValueKind)}.");
                return null;
            }

            return element.Value.GetString();
        }

        private string? TensorName(JsonElement? element, string field)
        {
            var name = String(element, field);
            if (name is { Length: 0 })
            {
                Add(field, "must name a tensor; leave it out to use the model's only input or first output.");
                return null;
            }

            return name;
        }

        private double? Double(JsonElement? element, string field, bool required = false)
        {
            if (!Present(element, field, required))
            {
                return null;
            }

            if (element!.Value.ValueKind != JsonValueKind.Number)
            {
                Add(field, $"must be a number, not {Describe(element.Value.ValueKind)}.");
                return null;
            }

            if (!element.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                Add(field, $"must be a finite number; {element.Value.GetRawText()} is not.");
                return null;
            }

            return value;
        }

        private long? Int64(JsonElement? element, string field, bool required = false)
        {
            if (!Present(element, field, required))
            {
                return null;
            }

            if (element!.Value.ValueKind != JsonValueKind.Number || !element.Value.TryGetInt64(out var value))
            {
                Add(field, $"must be a whole number, not {(element.Value.ValueKind == JsonValueKind.Number ? element.Value.GetRawText() : Describe(element.Value.ValueKind))}.");
                return null;
            }

            return value;
        }

        private bool? Boolean(JsonElement? element, string field)
        {
            if (!Present(element, field, required: false))
            {
                return null;
            }

            if (element!.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Add(field, $"must be true or false, not {Describe(element.Value.ValueKind)}.");
                return null;
            }

            return element.Value.GetBoolean();
        }

        private bool Present(JsonElement? element, string field, bool required)
        {
            if (IsPresent(element))
            {
                return true;
            }

            if (required)
            {
                Add(field, "is required.");
            }

            return false;
        }

        private void Add(string field, string message) => errors.Add(new PolicyError(field, message));

        // An explicit null means "not set", the same as leaving the member out.
        private static bool IsPresent(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
