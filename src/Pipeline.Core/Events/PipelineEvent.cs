using Pipeline.Core.Lifecycle;

namespace Pipeline.Core.Events;

/// <summary>A change worth telling other systems about, as written to the outbox with the change itself.</summary>
/// <param name="Id">Unique; receivers de-duplicate on it (the <c>webhook-id</c> and the CloudEvents <c>id</c>).</param>
/// <param name="Type">What happened.</param>
/// <param name="Model">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="Reason">Why, when the change says.</param>
/// <param name="State">The version's state after the change.</param>
/// <param name="Recipients">Who an escalation is addressed to; empty for other events.</param>
public sealed record PipelineEvent(
    string Id,
    PipelineEventType Type,
    string Model,
    string Version,
    DateTimeOffset At,
    string Actor,
    string? Reason,
    VersionState? State,
    IReadOnlyList<string> Recipients)
{
    /// <summary>The CloudEvents type, e.g. <c>pipeline.version.promoted</c>.</summary>
    public string CloudEventType => $"pipeline.version.{Policies.JsonEnumNames<PipelineEventType>.NameOf(Type)}";
}
