using System.Text.Json;

namespace Pipeline.Core.Policies;

/// <summary>
/// The rules of a whole policy document: its top-level fields and the small sections, with the
/// evaluation and metric sections delegated to <see cref="EvaluationRules"/> and <see cref="MetricRules"/>.
/// Sections are read in document order so the errors come out in the order the author reads them.
/// </summary>
internal static class ModelPolicyRules
{
    private const string Identity = "a caller's name or stable id";
    private const int MaxIdentityLength = 256;

    /// <summary>Reads the document, or null when its root is unusable; the reader holds every error.</summary>
    public static ModelPolicy? Read(JsonFieldReader reader, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader.Add("$", $"A policy document is a JSON object, not {JsonFieldReader.Describe(root.ValueKind)}.");
            return null;
        }

        var document = reader.Section(root, "$", "evaluation", "thresholds", "maxRegression", "latency", "maxArtifactBytes", "allowUnevaluatedFormats", "retention", "approval", "owners", "requireUploadIntent");
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
        var approval = ReadApproval(reader, document["approval"]);
        var owners = reader.DistinctStrings(document["owners"], "owners", Identity, ApprovalPolicy.MaxListed, MaxIdentityLength);
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
            Approval = approval,
            Owners = owners,
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

    private static ApprovalPolicy? ReadApproval(JsonFieldReader reader, JsonElement? element)
    {
        var section = reader.OptionalSection(element, "approval", "approvers", "requiredApprovals", "timeout", "reminders", "escalateAfter", "escalateTo");
        if (section is null)
        {
            return null;
        }

        var errorsBefore = reader.Errors.Count;
        var approvers = reader.DistinctStrings(section["approvers"], "approval.approvers", Identity, ApprovalPolicy.MaxListed, MaxIdentityLength);
        var required = reader.NonNegativeInt32(section["requiredApprovals"], "approval.requiredApprovals");
        if (required is < 1 or > ApprovalPolicy.MaxRequiredApprovals)
        {
            reader.Add("approval.requiredApprovals", $"must be from 1 to {ApprovalPolicy.MaxRequiredApprovals}; it is {required}.");
        }
        else if (approvers is { } listed && required > listed.Count)
        {
            // Distinct approvers must reach the number: with fewer listed, no version could ever be promoted.
            reader.Add("approval.requiredApprovals", $"is {required}, but only {listed.Count} approvers are listed; list at least as many as are required.");
        }

        var timeout = Duration(reader, section["timeout"], "approval.timeout");
        if (timeout?.Span > ApprovalPolicy.MaxTimeout)
        {
            reader.Add("approval.timeout", $"must be at most P{ApprovalPolicy.MaxTimeout.TotalDays:0}D; it is {timeout.Value.Text}.");
        }

        var reminders = ReadReminders(reader, section["reminders"], timeout?.Span);
        var escalateAfter = Duration(reader, section["escalateAfter"], "approval.escalateAfter");
        if (escalateAfter is { } escalation && timeout is { } wait && escalation.Span >= wait.Span)
        {
            reader.Add("approval.escalateAfter", $"is {escalation.Text}, not before the timeout ({wait.Text}): it would never happen.");
        }

        var escalateTo = reader.DistinctStrings(section["escalateTo"], "approval.escalateTo", "a name or an address", ApprovalPolicy.MaxListed, MaxIdentityLength);
        if ((escalateAfter is null) != (escalateTo is null) && reader.Errors.Count == errorsBefore)
        {
            reader.Add(escalateAfter is null ? "approval.escalateAfter" : "approval.escalateTo", "escalateAfter and escalateTo go together: when to escalate, and to whom.");
        }

        return reader.Errors.Count > errorsBefore
            ? null
            : new ApprovalPolicy(approvers, required, timeout?.Text, reminders, escalateAfter?.Text, escalateTo);
    }

    // A positive ISO 8601 duration, normalized as written back (P1DT12H); null when absent or wrong.
    private static (TimeSpan Span, string Text)? Duration(JsonFieldReader reader, JsonElement? element, string field)
    {
        var text = reader.String(element, field);
        if (text is null)
        {
            return null;
        }

        if (IsoDuration.TryParse(text) is not { } span || span <= TimeSpan.Zero)
        {
            reader.Add(field, $"must be a positive ISO 8601 duration in days and time, such as P7D, PT12H or P1DT30M; '{text}' is not.");
            return null;
        }

        return (span, System.Xml.XmlConvert.ToString(span));
    }

    private static IReadOnlyList<string>? ReadReminders(JsonFieldReader reader, JsonElement? element, TimeSpan? timeout)
    {
        if (!JsonFieldReader.IsPresent(element))
        {
            return null;
        }

        if (element!.Value.ValueKind != JsonValueKind.Array || element.Value.GetArrayLength() is 0 or > ApprovalPolicy.MaxReminders)
        {
            reader.Add("approval.reminders", $"must be an array of 1 to {ApprovalPolicy.MaxReminders} ISO 8601 durations after the wait began, such as [\"P1D\", \"P3D\"].");
            return null;
        }

        var reminders = new List<(TimeSpan Span, string Text)>();
        var index = 0;
        foreach (var item in element.Value.EnumerateArray())
        {
            var field = $"approval.reminders[{index++}]";
            if (Duration(reader, item, field) is not { } reminder)
            {
                continue;
            }

            if (timeout is { } wait && reminder.Span >= wait)
            {
                reader.Add(field, $"is {reminder.Text}, not before the timeout ({System.Xml.XmlConvert.ToString(wait)}): it would never go out.");
            }
            else if (reminders.Any(r => r.Span == reminder.Span))
            {
                reader.Add(field, $"{reminder.Text} is listed more than once.");
            }

            reminders.Add(reminder);
        }

        return [.. reminders.OrderBy(r => r.Span).Select(r => r.Text)];
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
