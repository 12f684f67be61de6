using System.Collections.Frozen;
using Pipeline.Core.Errors;

namespace Pipeline.Core.Lifecycle;

/// <summary>The one table of legal state changes. Every write of a version's state passes through <see cref="Ensure"/>.</summary>
public static class LifecycleTransitions
{
    private static readonly FrozenDictionary<VersionState, FrozenSet<VersionState>> Allowed =
        new Dictionary<VersionState, FrozenSet<VersionState>>
        {
            [VersionState.Registered] = Set(VersionState.Testing),
            // Retests start again from a failure or an expired wait.
            [VersionState.TestsFailed] = Set(VersionState.Testing),
            [VersionState.ApprovalExpired] = Set(VersionState.Testing),
            // TestsFailed from Testing: a check failed, the tests stopped with an error, or the round's
            // workflow ended before the round did (a retest closes the round first, then starts the next).
            [VersionState.Testing] = Set(VersionState.TestsFailed, VersionState.AwaitingApproval),
            // TestsFailed from AwaitingApproval: the artifact changed after it was tested, or the round's
            // workflow ended before a decision reached it (closed by a retest, as from Testing).
            [VersionState.AwaitingApproval] = Set(
                VersionState.Production, VersionState.Rejected, VersionState.ApprovalExpired, VersionState.TestsFailed),
            [VersionState.Production] = Set(VersionState.Archived),
            [VersionState.Rejected] = Set(),
            [VersionState.RegistrationFailed] = Set(),
            // A rollback restores an archived version.
            [VersionState.Archived] = Set(VersionState.Production),
        }.ToFrozenDictionary();

    /// <summary>Whether a version may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(VersionState from, VersionState to) =>
        Allowed.TryGetValue(from, out var targets) && targets.Contains(to);

    /// <summary>The states reachable from <paramref name="from"/> in one step.</summary>
    public static IReadOnlySet<VersionState> From(VersionState from) => Allowed[from];

    /// <summary>Throws unless the change is legal.</summary>
    /// <exception cref="IllegalTransitionException">The change is not in the table.</exception>
    public static void Ensure(VersionState from, VersionState to)
    {
        if (!IsAllowed(from, to))
        {
            throw new IllegalTransitionException(from, to);
        }
    }

    private static FrozenSet<VersionState> Set(params VersionState[] states) => states.ToFrozenSet();
}
