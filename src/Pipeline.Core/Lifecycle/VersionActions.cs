using Pipeline.Core.Errors;

namespace Pipeline.Core.Lifecycle;

/// <summary>Which states allow which <see cref="VersionAction"/>.</summary>
public static class VersionActions
{
    /// <summary>
    /// Whether <paramref name="action"/> is allowed for a version in <paramref name="state"/>.
    /// A retest is allowed once the tests failed or the approval expired, and also while the registry
    /// says Testing or AwaitingApproval when the round's workflow has ended without finishing the round
    /// (failed, terminated or gone): nothing else would ever move such a version on.
    /// </summary>
    /// <param name="action">What is asked.</param>
    /// <param name="state">The version's state in the registry.</param>
    /// <param name="workflowEnded">
    /// Whether the workflow of the version's current round is no longer running; it matters only where
    /// <see cref="DependsOnWorkflow"/> says so.
    /// </param>
    public static bool IsAllowed(VersionAction action, VersionState state, bool workflowEnded = false) => action switch
    {
        VersionAction.Approve or VersionAction.Reject => state == VersionState.AwaitingApproval,
        VersionAction.Retest => state is VersionState.TestsFailed or VersionState.ApprovalExpired
            || (workflowEnded && DependsOnWorkflow(action, state)),
        _ => false,
    };

    /// <summary>Whether the answer for <paramref name="action"/> in <paramref name="state"/> depends on whether the round's workflow still runs.</summary>
    public static bool DependsOnWorkflow(VersionAction action, VersionState state) =>
        action == VersionAction.Retest && state is VersionState.Testing or VersionState.AwaitingApproval;

    /// <summary>Throws a conflict naming the current state unless the action is allowed.</summary>
    /// <exception cref="VersionStateConflictException">The state does not allow the action.</exception>
    public static void Ensure(VersionAction action, string model, string version, VersionState state, bool workflowEnded = false)
    {
        if (IsAllowed(action, state, workflowEnded))
        {
            return;
        }

        var detail = action switch
        {
            VersionAction.Retest when DependsOnWorkflow(action, state) =>
                "Its workflow is still running; a version can be retested once its tests failed, its approval expired, or its workflow ended without finishing the round.",
            VersionAction.Retest => "Only a version whose tests failed or whose approval expired can be retested.",
            _ => "Only a version awaiting approval can be approved or rejected.",
        };
        throw new VersionStateConflictException(model, version, action.ToString().ToLowerInvariant(), state, detail);
    }
}
