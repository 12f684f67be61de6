using Pipeline.Core.Registry;

namespace Pipeline.Core.Lifecycle;

/// <summary>What recording a decision did.</summary>
/// <param name="Version">The version as recorded.</param>
/// <param name="Decision">The caller's decision on record (theirs from before, when <paramref name="Repeated"/>).</param>
/// <param name="Approvals">The approvals recorded in the round so far.</param>
/// <param name="RequiredApprovals">The approvals the model's policy requires.</param>
/// <param name="Repeated">True when the caller had made this decision already; nothing new was recorded.</param>
public sealed record DecisionReceipt(ModelVersion Version, RecordedDecision Decision, int Approvals, int RequiredApprovals, bool Repeated)
{
    /// <summary>Whether the decision settled the round, so the workflow acts on it.</summary>
    public bool Settles => Decision.Settles;
}
