using System.Text.Json;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Activities;

namespace Pipeline.Workflow.Orchestrators;

/// <summary>
/// One round of a version's life: tests, then the wait for a human decision (with a timeout), then
/// promotion, rejection or expiry. Decisions are records: the API writes them to the registry and then
/// signals; the workflow acts only on a signal that names the decision on record, and at the deadline
/// carries out a decision recorded in time whose signal never came. The registry table is the authority; the orchestration only
/// drives it and mirrors the state in its custom status. Tests that stop with an error (after the
/// retries for transient failures) end the round as TestsFailed with the error, so a version is never
/// left in Testing by its own workflow. Returns the version's state at the end, or null when the round
/// was stale (the version had moved on without it).
/// </summary>
public sealed class ModelVersionOrchestrator : TaskOrchestrator<ModelVersionWorkflowInput, VersionState?>
{
    /// <inheritdoc />
    public override async Task<VersionState?> RunAsync(TaskOrchestrationContext context, ModelVersionWorkflowInput input)
    {
        var round = new VersionRound(input.Model, input.Version, input.Attempt);
        var options = WorkflowRetries.Activities;

        if (!await context.CallActivityAsync<bool>(nameof(BeginStagingTests), round, options))
        {
            return null;
        }

        context.SetCustomStatus(VersionState.Testing);
        VersionState state;
        try
        {
            state = await context.CallActivityAsync<VersionState>(nameof(RunStagingTests), round, options);
        }
        catch (TaskFailedException e)
        {
            // Past its retries (transient failures) or at once (domain failures): the same input fails the same
            // way again, so the round ends here, failed with the error, rather than leaving the version in Testing.
            var error = BoundedText.Shorten(Describe(e.FailureDetails), StagingFailure.MaxErrorLength)!;
            state = await context.CallActivityAsync<VersionState>(nameof(FailStagingTests), new StagingFailure(round, error), options);
        }

        if (state != VersionState.AwaitingApproval)
        {
            context.SetCustomStatus(state);
            return state;
        }

        // Planned before the status says AwaitingApproval: from then on the workflow only waits, with no activity in flight.
        var plan = await context.CallActivityAsync<ApprovalPlan>(nameof(PlanApprovalWait), new ApprovalWaitRequest(round, input.ApprovalTimeout), options);
        context.SetCustomStatus(state);
        var decision = await WaitForDecisionAsync(context, plan, round, options);
        if (decision is null)
        {
            state = VersionState.ApprovalExpired;
        }
        else
        {
            var activity = decision.Approved ? nameof(PromoteVersion) : nameof(RejectVersion);
            state = await context.CallActivityAsync<VersionState>(activity, round, options);
        }

        context.SetCustomStatus(state);
        return state;
    }

    // Waits until a decision on record settles the round, or the deadline passes (null: the wait expired). One
    // wait for the signal races the deadline and the timer of the next reminder or escalation; a reminder goes
    // out and the same wait goes on. A signal is only a hint that a decision was recorded: one that names no
    // decision on record is ignored (and recorded as such), and the next signal is awaited until the same deadline.
    private static async Task<RecordedDecision?> WaitForDecisionAsync(
        TaskOrchestrationContext context, ApprovalPlan plan, VersionRound round, TaskOptions options)
    {
        using var timers = new CancellationTokenSource();
        var deadline = context.CreateTimer(plan.DueAt, timers.Token);
        var nudges = new Queue<ApprovalNudge>(plan.Nudges);
        var nudge = NextNudge(context, nudges, timers.Token);

        // Any JSON is accepted here, so that whatever is raised is checked and recorded rather than failing the workflow.
        var signal = context.WaitForExternalEvent<JsonElement?>(WorkflowEvents.Decision, timers.Token);
        RecordedDecision? decision = null;
        while (decision is null)
        {
            var first = nudge is null ? await Task.WhenAny(deadline, signal) : await Task.WhenAny(deadline, signal, nudge);
            if (first == deadline)
            {
                // A decision recorded before the deadline, whose signal had not arrived yet, still stands.
                decision = await context.CallActivityAsync<RecordedDecision?>(nameof(ExpireApproval), round, options);
                break;
            }

            if (first == nudge)
            {
                await context.CallActivityAsync<bool>(nameof(SendReminder), new ReminderInput(round, nudges.Dequeue()), options);
                nudge = NextNudge(context, nudges, timers.Token);
                continue;
            }

            var payload = BoundedText.Shorten((await signal)?.GetRawText(), DecisionSignal.MaxPayloadChars);
            decision = await context.CallActivityAsync<RecordedDecision?>(nameof(MatchDecision), new ReceivedSignal(round, payload), options);
            if (decision is null)
            {
                signal = context.WaitForExternalEvent<JsonElement?>(WorkflowEvents.Decision, timers.Token);
            }
        }

        // What is left (the deadline, the next reminder, the wait for a signal) is cancelled, synchronously:
        // CancelAsync completes on the thread pool, and an orchestrator that awaits work off its own scheduler
        // ends its episode without the next step.
        timers.Cancel();
        return decision;
    }

    private static Task? NextNudge(TaskOrchestrationContext context, Queue<ApprovalNudge> nudges, CancellationToken cancellation) =>
        nudges.TryPeek(out var next) ? context.CreateTimer(next.At, cancellation) : null;

    // "ScoringException: Output 'y' has shape [] for 1 rows." The type's short name says which kind of
    // failure it was; the message says what to fix.
    private static string Describe(TaskFailureDetails failure)
    {
        var type = failure.ErrorType;
        var shortType = type[(type.LastIndexOf('.') + 1)..];
        return string.IsNullOrWhiteSpace(failure.ErrorMessage) ? shortType : $"{shortType}: {failure.ErrorMessage}";
    }
}
