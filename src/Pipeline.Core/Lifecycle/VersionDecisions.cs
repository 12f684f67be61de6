using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// Decisions are records, not messages: an approval or a rejection is written to the version's row
/// first, guarded by its concurrency token and bound to the round and the tested artifact, and only a
/// decision on record moves the version on. Of two racing decisions exactly one is recorded; the other
/// learns which one won. The workflow, told of a decision, acts only when the decision it is told of is
/// the one on record.
/// </summary>
public sealed class VersionDecisions(IRegistryStore store, ModelPolicies policies, TimeProvider clock, RecentVersions? recent = null)
{
    private readonly GuardedWrites writes = new(store, clock, recent);

    /// <summary>
    /// Records <paramref name="caller"/>'s approval or rejection of the version awaiting approval. A rejection
    /// settles the round; an approval settles it when it is the last of the approvals the model's policy requires
    /// (<c>approval.requiredApprovals</c>, by distinct approvers). Repeating one's own decision records nothing new.
    /// </summary>
    /// <param name="key">The version.</param>
    /// <param name="caller">Who decides.</param>
    /// <param name="approved">True to approve, false to reject.</param>
    /// <param name="comment">The approval comment or the rejection reason.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    /// <exception cref="VersionStateConflictException">It is not awaiting approval.</exception>
    /// <exception cref="NotListedException">The policy lists its approvers, and not the caller.</exception>
    /// <exception cref="SelfApprovalException">The caller uploaded the version; the refusal is recorded and the wait goes on.</exception>
    /// <exception cref="DecisionConflictException">Another decision settled the round first.</exception>
    /// <exception cref="ApprovalDeadlinePassedException">The round's approval deadline has passed.</exception>
    public async Task<DecisionReceipt> RecordAsync(
        ModelVersionKey key, Caller caller, bool approved, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var approval = (await policies.GetOrDefaultAsync(key.Model, cancellationToken)).Approval;
        if (!CallerLists.Admits(approval?.Approvers, caller))
        {
            throw new NotListedException(caller.Name, key.Model, "approval.approvers", "approve or reject versions");
        }

        var required = approval?.Required ?? 1;
        return await GuardedWrites.RetryAsync<DecisionReceipt>(async _ =>
        {
            var current = await writes.RequireVersionAsync(key, cancellationToken);
            var approvals = current.CurrentApprovals;
            // Before the state: a round already settled (and perhaps carried out since) names its decision.
            if (current.SettledDecision is { } settled)
            {
                return IsBy(settled, caller) && settled.Approved == approved
                    ? new DecisionReceipt(current, settled, approvals.Count, required, Repeated: true)
                    : throw new DecisionConflictException(key.Model, key.Version, settled, current.State);
            }

            VersionActions.Ensure(approved ? VersionAction.Approve : VersionAction.Reject, key.Model, key.Version, current.State);

            var now = clock.GetUtcNow();
            if (current.ApprovalDueAt is { } due && now >= due)
            {
                throw new ApprovalDeadlinePassedException(key.Model, key.Version, due);
            }

            if (approved && approvals.FirstOrDefault(a => IsBy(a, caller)) is { } earlier)
            {
                return new DecisionReceipt(current, earlier, approvals.Count, required, Repeated: true);
            }

            if (approved && SeparationOfDuties.ExplainSelfApproval(caller, current) is { } refusal)
            {
                await store.AppendHistoryAsync(
                    HistoryEntry.ForStateChange(HistoryAction.ApprovalRefused, current, current.State, now, caller.Name, refusal, current.OrchestrationId),
                    cancellationToken);
                throw new SelfApprovalException(key.Model, key.Version, refusal);
            }

            var count = approvals.Count + (approved ? 1 : 0);
            var decision = new RecordedDecision(
                Guid.NewGuid().ToString("N"), approved, caller.Id, caller.Name, comment, current.Attempt, current.Sha256, now, Settles: !approved || count >= required);
            var updated = current with
            {
                // Only the current round's decisions are kept.
                Decisions = [.. current.CurrentDecisions, decision],
                UpdatedAt = now,
            };
            var entry = HistoryEntry.ForStateChange(
                approved ? HistoryAction.ApprovalRecorded : HistoryAction.RejectionRecorded, current, current.State, now, caller.Name, Describe(decision, count, required), current.OrchestrationId);
            await store.SaveTransitionAsync(updated, entry, cancellationToken);
            return new DecisionReceipt(updated, decision, count, required, Repeated: false);
        }, cancellationToken);
    }

    /// <summary>
    /// The decision a signal to round <paramref name="attempt"/>'s workflow stands for: the decision on record that
    /// settled the round, when the signal names it. Any other signal (raised around the API, or naming a decision
    /// that did not settle the round) is recorded in the history as ignored, and null is returned: the wait goes on.
    /// </summary>
    /// <param name="key">The version.</param>
    /// <param name="attempt">The round whose workflow received the signal.</param>
    /// <param name="decisionId">The decision the signal names, if it names one.</param>
    /// <param name="signal">The signal as received, shortened, for the history.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<RecordedDecision?> MatchSignalAsync(
        ModelVersionKey key, int attempt, string? decisionId, string signal, CancellationToken cancellationToken)
    {
        var current = await writes.RequireVersionAsync(key, cancellationToken);
        // Whatever the state: activities run at least once, and a rerun (its process killed after it ran, before the
        // backend recorded that) finds the decision already carried out; it answers as the first run did.
        if (current.Attempt == attempt && current.SettledDecision is { } settled && settled.Id == decisionId)
        {
            return settled;
        }

        var reason = $"A decision signal reached the workflow of round {attempt} that matches no recorded decision, and was ignored; decisions are made through the API. Signal: {BoundedText.Shorten(signal, 500)}";
        await store.AppendHistoryAsync(
            HistoryEntry.ForStateChange(HistoryAction.DecisionIgnored, current, current.State, clock.GetUtcNow(), HistoryEntry.SystemActor, reason, current.OrchestrationId),
            cancellationToken);
        return null;
    }

    /// <summary>
    /// The wait of round <paramref name="attempt"/>, from the registry and the model's policy: the deadline the
    /// registry recorded when the tests passed (or <paramref name="fallbackTimeout"/> from now, for a version
    /// recorded without one), and the policy's reminders and escalation, counted from when the wait began.
    /// </summary>
    public async Task<ApprovalPlan> PlanWaitAsync(ModelVersionKey key, int attempt, TimeSpan fallbackTimeout, CancellationToken cancellationToken)
    {
        // The version and the policy are read at once: neither read depends on the other. The round's deadline and the
        // start of its wait are written once, with its outcome: the row as this process wrote that outcome says the same.
        var policyTask = policies.GetOrDefaultAsync(key.Model, cancellationToken);
        var version = writes.Recent(key) is { Attempt: var written, ApprovalDueAt: not null, AwaitingSince: not null } outcome && written == attempt
            ? outcome
            : await writes.RequireVersionAsync(key, cancellationToken);
        var since = version.AwaitingSince ?? clock.GetUtcNow();
        var due = version.Attempt == attempt && version.ApprovalDueAt is { } recorded ? recorded : since + fallbackTimeout;
        var approval = (await policyTask).Approval;
        var nudges = approval?.NudgesWithin(due - since) ?? [];
        var reminders = nudges.Count(n => !n.Escalation);
        var number = 0;
        return new ApprovalPlan(
            due.UtcDateTime,
            [.. nudges.Select(n => new ApprovalNudge(
                (since + n.After).UtcDateTime,
                n.Escalation,
                n.Escalation ? 1 : ++number,
                n.Escalation ? 1 : reminders,
                n.Escalation ? approval!.EscalateTo ?? [] : []))]);
    }

    /// <summary>
    /// Records a reminder or the escalation of round <paramref name="attempt"/> in the history (and so as an event
    /// out), while the round still waits undecided; otherwise nothing. Returns whether it was recorded.
    /// </summary>
    public async Task<bool> RemindAsync(ModelVersionKey key, int attempt, ApprovalNudge nudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        var current = await writes.RequireVersionAsync(key, cancellationToken);
        if (current.Attempt != attempt || current.State != VersionState.AwaitingApproval || current.SettledDecision is not null)
        {
            return false;
        }

        var waiting = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"waiting for a decision since {current.AwaitingSince:u}; {current.CurrentApprovals.Count} approval(s) so far; the deadline is {current.ApprovalDueAt:u}.");
        var (action, reason) = nudge.Escalation
            ? (HistoryAction.Escalated, $"Escalated to {string.Join(", ", nudge.To)}: {waiting}")
            : (HistoryAction.Reminded, $"Reminder {nudge.Number} of {nudge.Of}: {waiting}");
        var entry = HistoryEntry.ForStateChange(action, current, current.State, clock.GetUtcNow(), HistoryEntry.SystemActor, reason, current.OrchestrationId)
            with { Recipients = nudge.To };
        await store.AppendHistoryAsync(entry, cancellationToken);
        return true;
    }

    // One person, however their name is cased: distinct approvers are distinct people, not distinct spellings.
    private static bool IsBy(RecordedDecision decision, Caller caller) =>
        decision.ActorId == caller.Id || string.Equals(decision.Actor, caller.Name, StringComparison.OrdinalIgnoreCase);

    private static string Describe(RecordedDecision decision, int approvals, int required)
    {
        var comment = decision.Comment is { } text ? $": {text}" : ".";
        if (!decision.Approved)
        {
            return $"Rejection recorded; the version will be rejected{comment}";
        }

        return decision.Settles
            ? $"Approval {approvals} of {required} recorded; the version will be promoted once its artifact is re-verified{comment}"
            : $"Approval {approvals} of {required} recorded; {required - approvals} more needed{comment}";
    }
}
