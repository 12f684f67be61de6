using Pipeline.Core.Registry;

namespace Pipeline.Api.Http;

/// <summary>How registry records become API responses.</summary>
internal static class ApiMapping
{
    public static VersionResponse ToResponse(this ModelVersion v) => new(
        v.Model, v.Version, v.Stage, v.Status, v.StateReason, v.RegisteredAt, v.UpdatedAt, v.ArtifactPath, v.SizeBytes,
        v.Sha256, v.Metadata, v.Attempt, v.OrchestrationId, v.TestResults, v.PromotedAt, v.ArchivedAt, v.PurgedAt, v.PurgeReason)
    {
        UploadedBy = v.UploadedBy,
    };

    public static HistoryResponse ToResponse(this HistoryEntry h) =>
        new(h.At, h.Version, h.Action, h.From, h.To, h.Actor, h.Reason, h.OrchestrationId, h.Changes);

    public static ProductionResponse ToResponse(this ProductionPointer p, string model, IArtifactStore artifacts) =>
        new(model, p.Version, artifacts.GetUri(p.VaultPath), p.Sha256, p.Since);
}
