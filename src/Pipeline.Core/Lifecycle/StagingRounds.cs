using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// A version's rounds in staging: a round of tests begins, its results are recorded, and the human
/// wait that follows ends in a rejection or expires. Each change is guarded and idempotent: a stale
/// round or a change already made leaves the version as it is. A round's first step starts from the row its
/// registration or the round before wrote, when this process wrote it (<paramref name="recent"/>).
/// </summary>
public sealed class StagingRounds(IRegistryStore store, TimeProvider clock, RecentVersions? recent = null)
{
    private readonly GuardedWrites writes = new(store, clock, recent);

    /// <summary>
    /// Moves a version into testing for round <paramref name="attempt"/>.
    /// Returns false when that round is stale (the version moved on without it).
    /// </summary>
    public async Task<bool> BeginTestsAsync(ModelVersionKey key, int attempt, string orchestrationId, CancellationToken cancellationToken)
    {
        var result = await writes.TransitionAsync(key, current =>
        {
            var startable = current.State is VersionState.Registered or VersionState.TestsFailed or VersionState.ApprovalExpired;
            if (current.Attempt != attempt - 1 || !startable)
            {
                return null;
            }

            var change = writes.Change(
                current, VersionState.Testing, HistoryAction.TestsStarted, HistoryEntry.SystemActor, $"Staging tests, round {attempt}.", orchestrationId);
            return change with
            {
                Updated = change.Updated with { Attempt = attempt, OrchestrationId = orchestrationId, StateReason = null },
            };
        }, writes.Recent(key), cancellationToken);
        return result.Attempt == attempt && result.OrchestrationId == orchestrationId;
    }

    /// <summary>Records the staging report of round <paramref name="attempt"/>, as the overload below does, reading the version first.</summary>
    public Task<ModelVersion> RecordTestResultsAsync(
        ModelVersionKey key, int attempt, StagingReport report, TimeSpan approvalTimeout, CancellationToken cancellationToken) =>
        RecordTestResultsAsync(key, attempt, report, approvalTimeout, known: null, cancellationToken);

    /// <summary>
    /// Records the staging report of round <paramref name="attempt"/>: AwaitingApproval when it passed, with
    /// the deadline for a decision <paramref name="approvalTimeout"/> from now; TestsFailed otherwise.
    /// </summary>
    /// <param name="key">The version.</param>
    /// <param name="attempt">The round.</param>
    /// <param name="report">What the checks found.</param>
    /// <param name="approvalTimeout">How long a human has to decide.</param>
    /// <param name="known">The version as the caller read it a moment ago, if it did: the write is guarded by it rather than by a read of its own.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<ModelVersion> RecordTestResultsAsync(
        ModelVersionKey key, int attempt, StagingReport report, TimeSpan approvalTimeout, ModelVersion? known, CancellationToken cancellationToken) =>
        writes.TransitionAsync(key, current =>
        {
            if (current.Attempt != attempt || current.State != VersionState.Testing)
            {
                return null;
            }

            var target = report.Passed ? VersionState.AwaitingApproval : VersionState.TestsFailed;
            var reason = report.FailureSummary;
            var action = report.Passed ? HistoryAction.TestsPassed : HistoryAction.TestsFailed;
            var change = writes.Change(current, target, action, HistoryEntry.SystemActor, reason ?? "All staging checks passed.", current.OrchestrationId);
            return change with
            {
                Updated = change.Updated with
                {
                    TestResults = report.Checks,
                    Sha256 = report.Fingerprint?.Sha256 ?? current.Sha256,
                    VaultPath = report.Fingerprint?.VaultPath ?? current.VaultPath,
                    StateReason = reason,
                    AwaitingSince = report.Passed ? change.Updated.UpdatedAt : null,
                    ApprovalDueAt = report.Passed ? change.Updated.UpdatedAt + approvalTimeout : null,
                    Decisions = [],
                },
            };
        }, known, cancellationToken);

    /// <summary>
    /// For a retried activity that finds round <paramref name="attempt"/>'s outcome recorded: lists <paramref name="version"/>
    /// in the awaiting index again when that round awaits a decision, since the listing that went with the outcome may
    /// have failed after the outcome was written. Nothing for a round that did not pass or has moved on.
    /// </summary>
    public Task RelistAwaitingAsync(ModelVersion version, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return version.State == VersionState.AwaitingApproval && version.Attempt == attempt
            ? store.IndexAwaitingAsync(version, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>
    /// Ends round <paramref name="attempt"/> as TestsFailed because its tests stopped with an error before
    /// they produced a report (the error survived the activity's retries). The results of an earlier round
    /// are cleared, as they say nothing about this one.
    /// </summary>
    /// <param name="key">The version.</param>
    /// <param name="attempt">The round.</param>
    /// <param name="error">What stopped the tests, in the error's own words.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<ModelVersion> FailTestsAsync(ModelVersionKey key, int attempt, string error, CancellationToken cancellationToken) =>
        writes.TransitionAsync(key, current =>
        {
            if (current.Attempt != attempt || current.State != VersionState.Testing)
            {
                return null;
            }

            var reason = $"The staging tests stopped with an error and did not finish: {error.TrimEnd('.')}. Retest once the cause is fixed.";
            var change = writes.Change(current, VersionState.TestsFailed, HistoryAction.TestsFailed, HistoryEntry.SystemActor, reason, current.OrchestrationId);
            return change with { Updated = change.Updated with { TestResults = [] } };
        }, cancellationToken);

    /// <summary>
    /// Closes round <paramref name="attempt"/> as TestsFailed because its workflow <paramref name="orchestrationId"/>
    /// ended (failed, was terminated or is gone) while the registry still said Testing or AwaitingApproval,
    /// so that the version can start its next round. A round that moved on, or belongs to another workflow,
    /// is left as it is.
    /// </summary>
    /// <param name="key">The version.</param>
    /// <param name="attempt">The round whose workflow ended.</param>
    /// <param name="orchestrationId">The workflow that was found ended.</param>
    /// <param name="how">How it ended, for the reason: "failed: …", "terminated", "missing".</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<ModelVersion> CloseEndedRoundAsync(ModelVersionKey key, int attempt, string? orchestrationId, string how, CancellationToken cancellationToken) =>
        writes.TransitionAsync(key, current =>
        {
            var open = current.State is VersionState.Testing or VersionState.AwaitingApproval;
            if (current.Attempt != attempt || current.OrchestrationId != orchestrationId || !open)
            {
                return null;
            }

            var reason = $"Round {attempt} did not finish: its workflow '{orchestrationId}' is {how.TrimEnd('.')}. Closed so that the version could be retested.";
            return writes.Change(current, VersionState.TestsFailed, HistoryAction.WorkflowEnded, HistoryEntry.SystemActor, reason, orchestrationId);
        }, cancellationToken);

    /// <summary>Rejects a version awaiting approval in round <paramref name="attempt"/>, by the rejection on record for that round.</summary>
    /// <exception cref="NoRecordedDecisionException">The round has no recorded rejection; nothing changes.</exception>
    public Task<ModelVersion> RejectAsync(ModelVersionKey key, int attempt, CancellationToken cancellationToken) =>
        writes.TransitionAsync(key, current =>
        {
            if (current.Attempt != attempt || current.State == VersionState.Rejected)
            {
                return null;
            }

            return current.SettledDecision is { Approved: false } rejection
                ? writes.Change(current, VersionState.Rejected, HistoryAction.Rejected, rejection.Actor, rejection.Comment, current.OrchestrationId)
                : throw new NoRecordedDecisionException(key.Model, key.Version, attempt, approval: false);
        }, cancellationToken);

    /// <summary>
    /// Ends the approval wait of round <paramref name="attempt"/> at its deadline: expired, unless a decision
    /// recorded before the deadline settled the round, which then stands (the returned version still awaits
    /// approval, with that decision as its <see cref="ModelVersion.SettledDecision"/>, for the workflow to carry out).
    /// </summary>
    public Task<ModelVersion> ExpireApprovalAsync(ModelVersionKey key, int attempt, CancellationToken cancellationToken) =>
        writes.TransitionAsync(key, current => current.Attempt != attempt || current.State != VersionState.AwaitingApproval || current.SettledDecision is not null
            ? null
            : writes.Change(current, VersionState.ApprovalExpired, HistoryAction.ApprovalExpired, HistoryEntry.SystemActor,
                "The round was not decided before the approval deadline; retest to wait again.", current.OrchestrationId), cancellationToken);
}
