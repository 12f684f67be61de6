using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>Who may approve a model's versions, and how many must.</summary>
/// <param name="Approvers">
/// The callers (names or stable ids) who may approve or reject, besides holding the Pipeline.Approver role;
/// null for every approver.
/// </param>
/// <param name="RequiredApprovals">How many distinct approvers must approve before a version is promoted (default 1).</param>
public sealed record ApprovalPolicy(IReadOnlyList<string>? Approvers, int? RequiredApprovals)
{
    /// <summary>The most approvals a policy may require.</summary>
    public const int MaxRequiredApprovals = 10;

    /// <summary>The most names a list (approvers, owners) may hold.</summary>
    public const int MaxListed = 100;

    /// <summary>The approvals required, 1 when unset.</summary>
    [JsonIgnore]
    public int Required => RequiredApprovals ?? 1;
}
