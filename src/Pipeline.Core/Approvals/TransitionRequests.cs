using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Approvals;

/// <summary>
/// Requests that a version become production, kept with the version and in its history until the round is decided:
/// they map onto the gate exactly, since only an approver's decision moves the version, and the inbox shows them.
/// </summary>
public sealed class TransitionRequests(IRegistryStore store, TimeProvider clock)
{
    /// <summary>
    /// Records <paramref name="caller"/>'s request to move the version to <paramref name="toStage"/> (only
    /// Production, while it awaits approval); a requester's repeated request in the same round is the first one.
    /// </summary>
    /// <exception cref="InvalidRequestException">A stage other than Production.</exception>
    /// <exception cref="VersionStateConflictException">The version does not await approval.</exception>
    public Task<TransitionRequest> CreateAsync(ModelVersionKey key, Caller caller, Stage toStage, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(caller);
        if (toStage != Stage.Production)
        {
            throw new InvalidRequestException(
                $"A transition request asks for Production, which an approver grants; a version reaches {toStage} another way (staging by a retest, archived by the next promotion or a rollback).");
        }

        return GuardedWrites.RetryAsync<TransitionRequest>(async _ =>
        {
            var current = await store.FindVersionAsync(key.Model, key.Version, cancellationToken) ?? throw new VersionNotFoundException(key.Model, key.Version);
            if (current.State != VersionState.AwaitingApproval || current.SettledDecision is not null)
            {
                throw new VersionStateConflictException(key.Model, key.Version, "request production for", current.State,
                    "Only a version awaiting approval, not yet decided, can be requested for production.");
            }

            if (Pending(current).FirstOrDefault(r => r.RequesterId == caller.Id) is { } earlier)
            {
                return earlier;
            }

            var now = clock.GetUtcNow();
            var request = new TransitionRequest(Guid.NewGuid().ToString("N"), toStage, caller.Id, caller.Name, comment, current.Attempt, now);
            var entry = HistoryEntry.ForStateChange(
                HistoryAction.TransitionRequested, current, current.State, now, caller.Name,
                comment is null ? $"Requested {toStage}." : $"Requested {toStage}: {comment}", current.OrchestrationId);
            await store.SaveTransitionAsync(current with { TransitionRequests = [.. current.TransitionRequests, request] }, entry, cancellationToken);
            return request;
        }, cancellationToken);
    }

    /// <summary>The requests still open on <paramref name="version"/>: made in its current round, while it awaits an undecided approval.</summary>
    public static IReadOnlyList<TransitionRequest> Pending(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version is { State: VersionState.AwaitingApproval, SettledDecision: null }
            ? [.. version.TransitionRequests.Where(r => r.Attempt == version.Attempt)]
            : [];
    }
}
