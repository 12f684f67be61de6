using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Api.Http;

/// <summary>A model in the list, with what it serves.</summary>
public sealed record ModelSummaryResponse(string Model, DateTimeOffset CreatedAt, ProductionResponse? Production);

/// <summary>A model with its versions.</summary>
public sealed record ModelResponse(string Model, DateTimeOffset CreatedAt, ProductionResponse? Production, IReadOnlyList<VersionResponse> Versions);

/// <summary>What to serve now.</summary>
public sealed record ProductionResponse(string Model, string Version, Uri BlobUri, string Sha256, DateTimeOffset Since);

/// <summary>One version.</summary>
public sealed record VersionResponse(
    string Model,
    string Version,
    Stage Stage,
    VersionState? Status,
    string? StatusReason,
    DateTimeOffset RegisteredAt,
    DateTimeOffset UpdatedAt,
    string ArtifactPath,
    long SizeBytes,
    string? Sha256,
    IReadOnlyDictionary<string, string> Metadata,
    int Attempt,
    string? OrchestrationId,
    IReadOnlyList<CheckResult> TestResults,
    DateTimeOffset? PromotedAt,
    DateTimeOffset? ArchivedAt,
    DateTimeOffset? PurgedAt,
    string? PurgeReason)
{
    /// <summary>The version's number in its model (1, 2, … in registration order): its MLflow version; null for one registered before numbers.</summary>
    public int? Number { get; init; }

    /// <summary>What its owners say the version is (set through MLflow, or the upload's <c>description</c> metadata).</summary>
    public string? Description { get; init; }

    /// <summary>The tags its owners keep on it (MLflow's version tags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The version's workflow, on single-version reads.</summary>
    public WorkflowResponse? Workflow { get; init; }

    /// <summary>Until when the current round waits for a decision, while it awaits approval.</summary>
    public DateTimeOffset? ApprovalDueAt { get; init; }

    /// <summary>The decisions recorded in the current round.</summary>
    public IReadOnlyList<DecisionResponse> Decisions { get; init; } = [];

    /// <summary>Who uploaded the artifact: verified through an upload intent, or claimed by its metadata; null when unknown.</summary>
    public Uploader? UploadedBy { get; init; }

    /// <summary>How it differs from the model's production version (signature, metrics), on single-version reads.</summary>
    public Core.Approvals.ProductionComparison? AgainstProduction { get; init; }
}

/// <summary>A decision on record: <c>decision</c> is <c>approved</c> or <c>rejected</c>; <c>settles</c> says whether it decided the round.</summary>
public sealed record DecisionResponse(string Id, string Decision, string By, string? Comment, DateTimeOffset At, int Attempt, bool Settles);

/// <summary>Where a version's current workflow is, as the durable engine reports it.</summary>
public sealed record WorkflowResponse(string InstanceId, string RuntimeStatus, string? CustomStatus, DateTimeOffset LastUpdatedAt);

/// <summary>One line of the audit trail; <c>changes</c> lists the fields a policy change changed (empty for other entries).</summary>
public sealed record HistoryResponse(
    DateTimeOffset At,
    string? Version,
    HistoryAction Action,
    VersionState? From,
    VersionState? To,
    string Actor,
    string? Reason,
    string? OrchestrationId,
    IReadOnlyList<FieldChange> Changes);

/// <summary>The answer to an accepted approve, reject or retest.</summary>
public sealed record AcceptedResponse(string Model, string Version, string Action, string OrchestrationId, string Status)
{
    /// <summary>The recorded decision, for an approve or reject.</summary>
    public DecisionResponse? Decision { get; init; }

    /// <summary>The approvals recorded in the round so far, for an approve or reject.</summary>
    public int? Approvals { get; init; }

    /// <summary>The approvals the model's policy requires, for an approve or reject.</summary>
    public int? RequiredApprovals { get; init; }
}

/// <summary>An event out with its deliveries (empty when no subscriber takes its type).</summary>
public sealed record EventResponse(
    string Id,
    string Type,
    string Model,
    string Version,
    DateTimeOffset At,
    string Actor,
    string? Reason,
    Stage? Stage,
    VersionState? Status,
    bool Pending,
    IReadOnlyList<Core.Events.EventDelivery> Deliveries);

/// <summary>An upload that was not registered.</summary>
public sealed record RejectedUploadResponse(string BlobName, string Reason, DateTimeOffset SeenAt);

/// <summary>The answer of the health route: <c>ok</c>, or <c>degraded</c> when only the last cleanup failed; and each part's check.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheck> Checks);

/// <summary>
/// One part of the health answer: <c>ok</c>, <c>failed</c> (the part did not answer within the check's time), or for the
/// cleanup <c>degraded</c> (its last run failed; the next scheduled run tries again).
/// </summary>
/// <param name="Status">ok, degraded or failed.</param>
/// <param name="DurationMs">How long the check took.</param>
/// <param name="Detail">Why it failed, or what the last cleanup did.</param>
/// <param name="LastRunAt">For the cleanup: when its last run ended (null if none was recorded).</param>
/// <param name="Outcome">For the cleanup: succeeded, failed, or none.</param>
public sealed record HealthCheck(string Status, double DurationMs, string? Detail, DateTimeOffset? LastRunAt = null, string? Outcome = null);

/// <summary>The body of an approval.</summary>
public sealed record ApproveRequest(string? Comment);

/// <summary>The body of a rollback: <c>expectedCurrent</c> is the production version it replaces.</summary>
public sealed record RollbackRequest(string? ToVersion, string? Reason, string? ExpectedCurrent);

/// <summary>The body of a rejection.</summary>
public sealed record RejectRequest(string? Reason);

/// <summary>The body of an upload intent request: the artifact's file name in the version folder.</summary>
public sealed record UploadIntentRequest(string? FileName);

/// <summary>The body of POST /api/uploads: the path of the uploaded blob in the models container, <c>{model}/{version}/{file}</c>.</summary>
public sealed record UploadNotificationRequest(string? BlobPath);

/// <summary>
/// What became of a notified upload: <c>disposition</c> is <c>registered</c> (now or before, its tests started) or
/// <c>duplicate</c> (registered before and past its first round); the version's stage and status as registered.
/// </summary>
public sealed record UploadNotificationResponse(string BlobPath, string Model, string Version, string Disposition, string Stage, string Status);

/// <summary>An upload intent: PUT the file to <c>uploadUrl</c> (with <c>x-ms-blob-type: BlockBlob</c>) before <c>expiresAt</c>.</summary>
public sealed record UploadIntentResponse(Uri UploadUrl, string BlobPath, DateTimeOffset ExpiresAt);
