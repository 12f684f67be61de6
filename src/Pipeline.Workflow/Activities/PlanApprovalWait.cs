using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>Reads the deadline of a round's wait and the reminders and escalation before it (registry and policy).</summary>
public sealed class PlanApprovalWait(VersionDecisions decisions, FaultPoints faults) : TracedActivity<ApprovalWaitRequest, ApprovalPlan>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(ApprovalWaitRequest input) => input.Round;

    /// <inheritdoc />
    protected override Task<ApprovalPlan> ExecuteAsync(TaskActivityContext context, ApprovalWaitRequest input) =>
        decisions.PlanWaitAsync(input.Round.Key, input.Round.Attempt, input.FallbackTimeout, CancellationToken.None);

    /// <inheritdoc />
    protected override string OutcomeOf(ApprovalPlan output) => "planned";
}
