using Pipeline.Core.Approvals;
using Pipeline.Core.Staging;

namespace Pipeline.Api.Http;

/// <summary>
/// A version in the approver's inbox: who uploaded it (<c>uploaderVerified</c> false while that is the upload's
/// claim), when its wait ends, the approvals so far, each check's outcome, its metrics beside production's, and links.
/// </summary>
public sealed record PendingApprovalResponse(
    string Model,
    string Version,
    string? UploadedBy,
    bool UploaderVerified,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ApprovalDueAt,
    int Attempt,
    int Approvals,
    int RequiredApprovals,
    IReadOnlyList<DecisionResponse> Decisions,
    bool Passed,
    IReadOnlyList<CheckSummaryResponse> Checks,
    ProductionComparison AgainstProduction,
    ApprovalLinksResponse Links)
{
    /// <summary>The version's number in its model (its MLflow version).</summary>
    public int? Number { get; init; }

    /// <summary>Open requests that it become production (MLflow transition requests), oldest first.</summary>
    public IReadOnlyList<TransitionRequestResponse> TransitionRequests { get; init; } = [];
}

/// <summary>Someone's open request that a version move to <paramref name="ToStage"/>.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="ToStage">The stage asked for.</param>
/// <param name="Requester">Who asked.</param>
/// <param name="Comment">Why.</param>
/// <param name="At">When.</param>
public sealed record TransitionRequestResponse(string Id, Core.Lifecycle.Stage ToStage, string Requester, string? Comment, DateTimeOffset At);

/// <summary>One staging check in a summary: its name, how it ended and why.</summary>
public sealed record CheckSummaryResponse(string Name, CheckOutcome Outcome, string Reason);

/// <summary>Where to read more about a pending version, and where to decide on it (absolute paths on the same host).</summary>
public sealed record ApprovalLinksResponse(string Version, string Report, string Approve, string Reject, string History, string Production);
