using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Records a reminder or the escalation (a history entry and an event out) while the round still waits.</summary>
public sealed class SendReminder(VersionDecisions decisions) : TaskActivity<ReminderInput, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, ReminderInput input) =>
        decisions.RemindAsync(input.Round.Key, input.Round.Attempt, input.Nudge, CancellationToken.None);
}
