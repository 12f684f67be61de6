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
    ApprovalLinksResponse Links);

/// <summary>One staging check in a summary: its name, how it ended and why.</summary>
public sealed record CheckSummaryResponse(string Name, CheckOutcome Outcome, string Reason);

/// <summary>Where to read more about a pending version, and where to decide on it (absolute paths on the same host).</summary>
public sealed record ApprovalLinksResponse(string Version, string Report, string Approve, string Reject, string History, string Production);
