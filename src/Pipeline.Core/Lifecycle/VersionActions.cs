using Pipeline.Core.Errors;

namespace Pipeline.Core.Lifecycle;

/// <summary>Which states allow which <see cref="VersionAction"/>.</summary>
public static class VersionActions
{
    /// <summary>Whether <paramref name="action"/> is allowed for a version in <paramref name="state"/>.</summary>
    public static bool IsAllowed(VersionAction action, VersionState state) => action switch
    {
        VersionAction.Approve or VersionAction.Reject => state == VersionState.AwaitingApproval,
        VersionAction.Retest => state is VersionState.TestsFailed or VersionState.ApprovalExpired,
        _ => false,
    };

    /// <summary>Throws a conflict naming the current state unless the action is allowed.</summary>
    /// <exception cref="VersionStateConflictException">The state does not allow the action.</exception>
    public static void Ensure(VersionAction action, string model, string version, VersionState state)
    {
        if (IsAllowed(action, state))
        {
            return;
        }

        var detail = action switch
        {
            VersionAction.Retest => "Only a version whose tests failed or whose approval expired can be retested.",
            _ => "Only a version awaiting approval can be approved or rejected.",
        };
        throw new VersionStateConflictException(model, version, action.ToString().ToLowerInvariant(), state, detail);
    }
}
