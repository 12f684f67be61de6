using Pipeline.Core.Lifecycle;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Registry;

/// <summary>One registered version of a model, as the registry holds it.</summary>
public sealed record ModelVersion
{
    /// <summary>The model name.</summary>
    public required string Model { get; init; }

    /// <summary>The version label.</summary>
    public required string Version { get; init; }

    /// <summary>
    /// The version's number in its model (1, 2, … in the order versions were registered), given by the registry when it
    /// adds the version; 0 for a version not yet added. MLflow clients know a version by it.
    /// </summary>
    public int Number { get; init; }

    /// <summary>What its owner says the version is; set through the MLflow API, or from the upload's <c>description</c> metadata.</summary>
    public string? Description { get; init; }

    /// <summary>Free tags its owners keep on the version (MLflow's version tags); the pipeline's own are not among them.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the version is in its lifecycle.</summary>
    public required VersionState State { get; init; }

    /// <summary>The artifact's blob name in the models container.</summary>
    public required string ArtifactPath { get; init; }

    /// <summary>The artifact's size at registration.</summary>
    public required long SizeBytes { get; init; }

    /// <summary>The blob ETag at registration; a different ETag later means the artifact changed.</summary>
    public required string BlobETag { get; init; }

    /// <summary>SHA-256 of the artifact (lowercase hex), recorded by the integrity check.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The vault copy the version is tested on and served from, once the integrity check has made it.</summary>
    public string? VaultPath { get; init; }

    /// <summary>Blob metadata at registration (description, uploaded-by, source run...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>When the version was registered.</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>When its state last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Which round of staging tests it is on (1 for the first).</summary>
    public int Attempt { get; init; }

    /// <summary>The orchestration instance driving the current attempt.</summary>
    public string? OrchestrationId { get; init; }

    /// <summary>When the current round's wait for a decision began (its tests passed).</summary>
    public DateTimeOffset? AwaitingSince { get; init; }

    /// <summary>When the current round's wait for a decision ends; a decision after it is refused.</summary>
    public DateTimeOffset? ApprovalDueAt { get; init; }

    /// <summary>The decisions recorded in the current round, in the order they were made.</summary>
    public IReadOnlyList<RecordedDecision> Decisions { get; init; } = [];

    /// <summary>Requests that it become production (MLflow transition requests), in the order they were made.</summary>
    public IReadOnlyList<TransitionRequest> TransitionRequests { get; init; } = [];

    /// <summary>The results of the latest staging tests.</summary>
    public IReadOnlyList<CheckResult> TestResults { get; init; } = [];

    /// <summary>Why it is in its state, when that needs saying (failed checks, rejection reason).</summary>
    public string? StateReason { get; init; }

    /// <summary>When it became production, if it did.</summary>
    public DateTimeOffset? PromotedAt { get; init; }

    /// <summary>When it was archived, if it was.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>When its artifact was purged by the retention policy, if it was; the row and its history stay.</summary>
    public DateTimeOffset? PurgedAt { get; init; }

    /// <summary>Why it was purged.</summary>
    public string? PurgeReason { get; init; }

    /// <summary>How its artifact was purged (deleted, or moved to the archive tier).</summary>
    public Policies.PurgeMode? PurgeMode { get; init; }

    /// <summary>The store's concurrency token for the read this record came from; guards the next write.</summary>
    public string? ConcurrencyToken { get; init; }

    /// <summary>The stage its state belongs to.</summary>
    public Stage Stage => VersionStates.StageOf(State);

    /// <summary>The staging status, or null outside staging.</summary>
    public VersionState? Status => VersionStates.StatusOf(State);

    /// <summary>
    /// The decision that settled the current round (a rejection, or the last approval required), when one
    /// was recorded for this round and this artifact; null while the round is undecided.
    /// </summary>
    public RecordedDecision? SettledDecision => CurrentDecisions.FirstOrDefault(d => d.Settles);

    /// <summary>The approvals recorded for the current round and artifact.</summary>
    public IReadOnlyList<RecordedDecision> CurrentApprovals => [.. CurrentDecisions.Where(d => d.Approved)];

    /// <summary>The decisions recorded for the current round and artifact; an earlier round's say nothing about this one.</summary>
    public IEnumerable<RecordedDecision> CurrentDecisions => Decisions.Where(d => d.Attempt == Attempt && d.Sha256 == Sha256);

    /// <summary>
    /// Who uploaded the artifact: verified when it arrived through their upload intent, otherwise the claim of its
    /// <see cref="UploadedByMetadata"/> metadata; null when neither names anyone (and for versions registered before uploaders were recorded).
    /// </summary>
    public Uploader? UploadedBy { get; init; }

    /// <summary>The upload metadata key naming who uploaded the artifact (claimed by the uploader, not verified).</summary>
    public const string UploadedByMetadata = "uploadedby";
}
