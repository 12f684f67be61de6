using Pipeline.Core.Registry;

namespace Pipeline.Api.Http;

/// <summary>How registry records become API responses.</summary>
internal static class ApiMapping
{
    public static VersionResponse ToResponse(this ModelVersion v) => new(
        v.Model, v.Version, v.Stage, v.Status, v.StateReason, v.RegisteredAt, v.UpdatedAt, v.ArtifactPath, v.SizeBytes,
        v.Sha256, v.Metadata, v.Attempt, v.OrchestrationId, v.TestResults, v.PromotedAt, v.ArchivedAt, v.PurgedAt, v.PurgeReason)
    {
        ApprovalDueAt = v.State == Core.Lifecycle.VersionState.AwaitingApproval ? v.ApprovalDueAt : null,
        Decisions = [.. v.CurrentDecisions.Select(ToResponse)],
        UploadedBy = v.UploadedBy,
        Number = v.Number > 0 ? v.Number : null,
        Description = v.Description ?? v.Metadata.GetValueOrDefault("description"),
        Tags = v.Tags,
    };

    public static DecisionResponse ToResponse(this RecordedDecision d) =>
        new(d.Id, d.Verb, d.Actor, d.Comment, d.At, d.Attempt, d.Settles);

    public static HistoryResponse ToResponse(this HistoryEntry h) =>
        new(h.At, h.Version, h.Action, h.From, h.To, h.Actor, h.Reason, h.OrchestrationId, h.Changes);

    public static EventResponse ToResponse(this Core.Events.OutboxEntry o) => new(
        o.Event.Id, o.Event.CloudEventType, o.Event.Model, o.Event.Version, o.Event.At, o.Event.Actor, o.Event.Reason,
        o.Event.State is { } state ? Core.Lifecycle.VersionStates.StageOf(state) : null,
        o.Event.State is { } status ? Core.Lifecycle.VersionStates.StatusOf(status) : null,
        o.Pending,
        o.Deliveries ?? []);

    public static ProductionResponse ToResponse(this ProductionPointer p, string model, IArtifactStore artifacts) =>
        new(model, p.Version, artifacts.GetUri(p.VaultPath), p.Sha256, p.Since);
}
