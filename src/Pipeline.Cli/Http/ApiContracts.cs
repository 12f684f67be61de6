using Pipeline.Core.Approvals;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Cli.Http;

// The API's answers as the CLI reads them: only the fields it shows or decides on (see Pipeline.Api's ApiContracts).

/// <summary>A model in the list, with what it serves.</summary>
internal sealed record ModelSummary(string Model, DateTimeOffset CreatedAt, ProductionView? Production);

/// <summary>A model with its versions.</summary>
internal sealed record ModelDetails(string Model, DateTimeOffset CreatedAt, ProductionView? Production, IReadOnlyList<VersionView> Versions);

/// <summary>What a model serves.</summary>
internal sealed record ProductionView(string Model, string Version, string Sha256, DateTimeOffset Since);

/// <summary>One version; <c>number</c> is its place in the model's registration order (1, 2, …).</summary>
internal sealed record VersionView(
    string Model,
    string Version,
    Stage Stage,
    VersionState? Status,
    string? StatusReason,
    DateTimeOffset RegisteredAt,
    long SizeBytes,
    string? Sha256,
    int Attempt,
    IReadOnlyList<CheckResult> TestResults,
    DateTimeOffset? PromotedAt,
    DateTimeOffset? ArchivedAt)
{
    public int? Number { get; init; }

    public DateTimeOffset? ApprovalDueAt { get; init; }

    public IReadOnlyList<DecisionView> Decisions { get; init; } = [];

    public Uploader? UploadedBy { get; init; }

    /// <summary>"Stage/Status" as the README writes it: <c>Staging/AwaitingApproval</c>, <c>Production</c>.</summary>
    public string State => Status is { } status && Stage == Stage.Staging ? $"{Stage}/{status}" : Stage.ToString();
}

/// <summary>A decision on record in the version's current round.</summary>
internal sealed record DecisionView(string Decision, string By, string? Comment, DateTimeOffset At, bool Settles);

/// <summary>One line of a model's audit trail.</summary>
internal sealed record HistoryView(DateTimeOffset At, string? Version, HistoryAction Action, VersionState? From, VersionState? To, string Actor, string? Reason);

/// <summary>The answer to an accepted approve, reject or retest.</summary>
internal sealed record AcceptedView(string Model, string Version, string Action, string Status, int? Approvals, int? RequiredApprovals);

/// <summary>A version in the approver's inbox.</summary>
internal sealed record PendingApprovalView(
    string Model,
    string Version,
    string? UploadedBy,
    bool UploaderVerified,
    DateTimeOffset? ApprovalDueAt,
    int Approvals,
    int RequiredApprovals,
    bool Passed,
    IReadOnlyList<CheckSummaryView> Checks,
    ProductionComparison? AgainstProduction)
{
    public int? Number { get; init; }
}

/// <summary>One check in the inbox's summary.</summary>
internal sealed record CheckSummaryView(string Name, CheckOutcome Outcome, string Reason);

/// <summary>An upload intent: a write-only URL for one blob, until <c>expiresAt</c>.</summary>
internal sealed record UploadIntentView(Uri UploadUrl, string BlobPath, DateTimeOffset ExpiresAt);

/// <summary>An upload the pipeline did not register, and why.</summary>
internal sealed record RejectedUploadView(string BlobName, string Reason, DateTimeOffset SeenAt);
