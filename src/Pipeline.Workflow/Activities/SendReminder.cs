using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>Records a reminder or the escalation (a history entry and an event out) while the round still waits.</summary>
public sealed class SendReminder(VersionDecisions decisions, FaultPoints faults) : TracedActivity<ReminderInput, bool>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(ReminderInput input) => input.Round;

    /// <inheritdoc />
    protected override Task<bool> ExecuteAsync(TaskActivityContext context, ReminderInput input) =>
        decisions.RemindAsync(input.Round.Key, input.Round.Attempt, input.Nudge, CancellationToken.None);

    /// <inheritdoc />
    protected override string OutcomeOf(bool output) => output ? "sent" : "not waiting";
}
