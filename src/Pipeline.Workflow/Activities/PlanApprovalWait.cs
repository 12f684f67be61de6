using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Reads the deadline of a round's wait and the reminders and escalation before it (registry and policy).</summary>
public sealed class PlanApprovalWait(VersionDecisions decisions) : TaskActivity<ApprovalWaitRequest, ApprovalPlan>
{
    /// <inheritdoc />
    public override Task<ApprovalPlan> RunAsync(TaskActivityContext context, ApprovalWaitRequest input) =>
        decisions.PlanWaitAsync(input.Round.Key, input.Round.Attempt, input.FallbackTimeout, CancellationToken.None);
}
