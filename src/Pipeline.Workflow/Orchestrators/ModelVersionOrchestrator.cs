using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Activities;

namespace Pipeline.Workflow.Orchestrators;

/// <summary>
/// One round of a version's life: tests, then the wait for a human decision (with a timeout), then
/// promotion, rejection or expiry. The registry table is the authority; the orchestration only
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

        context.SetCustomStatus(state);
        if (state != VersionState.AwaitingApproval)
        {
            return state;
        }

        using var timeout = new CancellationTokenSource();
        var deadline = context.CreateTimer(context.CurrentUtcDateTime.Add(input.ApprovalTimeout), timeout.Token);
        var decisionReceived = context.WaitForExternalEvent<PromotionDecision>(WorkflowEvents.Decision, timeout.Token);
        var first = await Task.WhenAny(deadline, decisionReceived);
        // Cancel synchronously: CancelAsync completes on the thread pool, and an orchestrator that awaits
        // work off its own scheduler ends its episode without the next step.
        timeout.Cancel();

        if (first == deadline)
        {
            state = await context.CallActivityAsync<VersionState>(nameof(ExpireApproval), round, options);
        }
        else
        {
            var decision = await decisionReceived;
            var activity = decision.Approved ? nameof(PromoteVersion) : nameof(RejectVersion);
            state = await context.CallActivityAsync<VersionState>(activity, new DecisionInput(round, decision), options);
        }

        context.SetCustomStatus(state);
        return state;
    }

    // "ScoringException: Output 'y' has shape [] for 1 rows." The type's short name says which kind of
    // failure it was; the message says what to fix.
    private static string Describe(TaskFailureDetails failure)
    {
        var type = failure.ErrorType;
        var shortType = type[(type.LastIndexOf('.') + 1)..];
        return string.IsNullOrWhiteSpace(failure.ErrorMessage) ? shortType : $"{shortType}: {failure.ErrorMessage}";
    }
}
