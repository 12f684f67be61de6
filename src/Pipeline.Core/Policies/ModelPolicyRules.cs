using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>
/// The rules of a whole policy document: its top-level fields and the small sections, with the
/// evaluation and metric sections delegated to <see cref="EvaluationRules"/> and <see cref="MetricRules"/>.
/// Sections are read in document order so the errors come out in the order the author reads them.
/// </summary>
internal static class ModelPolicyRules
{
    private const string KnownTopLevel = "evaluation, thresholds, maxRegression, latency, maxArtifactBytes, allowUnevaluatedFormats, retention";

    /// <summary>Reads the document, or null when its root is unusable; the reader holds every error.</summary>
    public static ModelPolicy? Read(JsonFieldReader reader, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Add("$", $"A policy document is a JSON object, not {JsonFieldReader.Describe(root.ValueKind)}.");
            return null;
        }

        var document = reader.Section<DocumentShape>(root, "$", KnownTopLevel, d => d.Unknown);
        if (document is null)
        {
            return null;
        }

        var evaluationPresent = JsonFieldReader.IsPresent(document.Evaluation);
        var evaluation = EvaluationRules.Read(reader, document.Evaluation, out var task);
        var thresholds = MetricRules.ReadThresholds(reader, document.Thresholds, evaluationPresent, task);
        var maxRegression = MetricRules.ReadMaxRegression(reader, document.MaxRegression, evaluationPresent, task);
        var latency = ReadLatency(reader, document.Latency);

        var maxArtifactBytes = reader.Int64(document.MaxArtifactBytes, "maxArtifactBytes");
        if (maxArtifactBytes <= 0)
        {
            reader.Add("maxArtifactBytes", $"must be a positive number of bytes; it is {maxArtifactBytes}.");
        }

        var allowUnevaluated = reader.Boolean(document.AllowUnevaluatedFormats, "allowUnevaluatedFormats");
        var retention = ReadRetention(reader, document.Retention);

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

    private static LatencyBudget? ReadLatency(JsonFieldReader reader, JsonElement? element)
    {
        var section = reader.OptionalSection<LatencyShape>(element, "latency", "p95Ms, rows", s => s.Unknown);
        if (section is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var p95 = reader.Double(section.P95Ms, "latency.p95Ms", required: true);
        if (p95 <= 0)
        {
            reader.Add("latency.p95Ms", $"must be a positive number of milliseconds; it is {JsonFieldReader.Format(p95.Value)}.");
        }

        var rows = reader.Int64(section.Rows, "latency.rows", required: true);
        if (rows is < 1 or > LatencyBudget.MaxRows)
        {
            reader.Add("latency.rows", $"must be between 1 and {LatencyBudget.MaxRows}; it is {rows}.");
        }

        return reader.Errors.Count > errorsBefore || p95 is null || rows is null ? null : new LatencyBudget(p95.Value, (int)rows.Value);
    }

    private static RetentionPolicy? ReadRetention(JsonFieldReader reader, JsonElement? element)
    {
        var section = reader.OptionalSection<RetentionShape>(element, "retention", "keepArchived, archivedDays, purgeMode", s => s.Unknown);
        if (section is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var keep = reader.NonNegativeInt32(section.KeepArchived, "retention.keepArchived");
        var days = reader.NonNegativeInt32(section.ArchivedDays, "retention.archivedDays");
        var purgeMode = reader.OneOf<PurgeMode>(section.PurgeMode, "retention.purgeMode", "a purge mode");
        return reader.Errors.Count > errorsBefore ? null : new RetentionPolicy(keep, days, purgeMode);
    }

    // Every member a JsonElement, so that a wrongly typed value is an error to report, not an
    // exception that stops the reading; unknown members land in Unknown.
    private sealed class DocumentShape
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

    private sealed class LatencyShape
    {
        public JsonElement? P95Ms { get; set; }

        public JsonElement? Rows { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    private sealed class RetentionShape
    {
        public JsonElement? KeepArchived { get; set; }

        public JsonElement? ArchivedDays { get; set; }

        public JsonElement? PurgeMode { get; set; }

        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }
}
