using System.Text.Json;

namespace Pipeline.Core.Policies;

/// <summary>
/// The rules of a whole policy document: its top-level fields and the small sections, with the
/// evaluation and metric sections delegated to <see cref="EvaluationRules"/> and <see cref="MetricRules"/>.
/// Sections are read in document order so the errors come out in the order the author reads them.
/// </summary>
internal static class ModelPolicyRules
{
    /// <summary>Reads the document, or null when its root is unusable; the reader holds every error.</summary>
    public static ModelPolicy? Read(JsonFieldReader reader, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Add("$", $"A policy document is a JSON object, not {JsonFieldReader.Describe(root.ValueKind)}.");
            return null;
        }

        var document = reader.Section(root, "$", "evaluation", "thresholds", "maxRegression", "latency", "maxArtifactBytes", "allowUnevaluatedFormats", "retention", "requireUploadIntent");
        if (document is null)
        {
            return null;
        }

        var evaluationPresent = JsonFieldReader.IsPresent(document["evaluation"]);
        var evaluation = EvaluationRules.Read(reader, document["evaluation"], out var task);
        var thresholds = MetricRules.ReadThresholds(reader, document["thresholds"], evaluationPresent, task);
        var maxRegression = MetricRules.ReadMaxRegression(reader, document["maxRegression"], evaluationPresent, task);
        var latency = ReadLatency(reader, document["latency"]);

        var maxArtifactBytes = reader.Int64(document["maxArtifactBytes"], "maxArtifactBytes");
        if (maxArtifactBytes <= 0)
        {
            reader.Add("maxArtifactBytes", $"must be a positive number of bytes; it is {maxArtifactBytes}.");
        }

        var allowUnevaluated = reader.Boolean(document["allowUnevaluatedFormats"], "allowUnevaluatedFormats");
        var retention = ReadRetention(reader, document["retention"]);
        var requireUploadIntent = reader.Boolean(document["requireUploadIntent"], "requireUploadIntent");

        return new ModelPolicy
        {
            Evaluation = evaluation,
            Thresholds = thresholds,
            MaxRegression = maxRegression,
            Latency = latency,
            MaxArtifactBytes = maxArtifactBytes,
            AllowUnevaluatedFormats = allowUnevaluated ?? false,
            Retention = retention,
            RequireUploadIntent = requireUploadIntent ?? false,
        };
    }

    private static LatencyBudget? ReadLatency(JsonFieldReader reader, JsonElement? element)
    {
        var section = reader.OptionalSection(element, "latency", "p95Ms", "rows");
        if (section is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var p95 = reader.Double(section["p95Ms"], "latency.p95Ms", required: true);
        if (p95 <= 0)
        {
            reader.Add("latency.p95Ms", $"must be a positive number of milliseconds; it is {JsonFieldReader.Format(p95.Value)}.");
        }

        var rows = reader.Int64(section["rows"], "latency.rows", required: true);
        if (rows is < 1 or > LatencyBudget.MaxRows)
        {
            reader.Add("latency.rows", $"must be between 1 and {LatencyBudget.MaxRows}; it is {rows}.");
        }

        return reader.Errors.Count > errorsBefore || p95 is null || rows is null ? null : new LatencyBudget(p95.Value, (int)rows.Value);
    }

    private static RetentionPolicy? ReadRetention(JsonFieldReader reader, JsonElement? element)
    {
        var section = reader.OptionalSection(element, "retention", "keepArchived", "archivedDays", "purgeMode");
        if (section is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var keep = reader.NonNegativeInt32(section["keepArchived"], "retention.keepArchived");
        if (keep == 0)
        {
            // With nothing kept, one cleanup would delete every archived version: no rollback would be left.
            reader.Add("retention.keepArchived", "must be at least 1: a policy always keeps the newest archived version, so a rollback stays possible; it is 0.");
        }

        var days = reader.NonNegativeInt32(section["archivedDays"], "retention.archivedDays");
        var purgeMode = reader.OneOf<PurgeMode>(section["purgeMode"], "retention.purgeMode", "a purge mode");
        return reader.Errors.Count > errorsBefore ? null : new RetentionPolicy(keep, days, purgeMode);
    }
}
