using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Workflow.Activities;

/// <summary>
/// Checks a decision signal against the registry: returns the recorded decision it names, or records the
/// signal as ignored and returns null.
/// </summary>
public sealed class MatchDecision(VersionDecisions decisions) : TaskActivity<ReceivedSignal, RecordedDecision?>
{
    /// <inheritdoc />
    public override Task<RecordedDecision?> RunAsync(TaskActivityContext context, ReceivedSignal input) =>
        decisions.MatchSignalAsync(
            input.Round.Key, input.Round.Attempt, DecisionSignal.ReadDecisionId(input.Payload), input.Payload ?? "(no payload)", CancellationToken.None);
}
