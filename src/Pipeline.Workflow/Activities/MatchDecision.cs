using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>
/// Checks a decision signal against the registry: returns the recorded decision it names, or records the
/// signal as ignored and returns null.
/// </summary>
public sealed class MatchDecision(VersionDecisions decisions, FaultPoints faults) : TracedActivity<ReceivedSignal, RecordedDecision?>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(ReceivedSignal input) => input.Round;

    /// <inheritdoc />
    protected override Task<RecordedDecision?> ExecuteAsync(TaskActivityContext context, ReceivedSignal input) =>
        decisions.MatchSignalAsync(
            input.Round.Key, input.Round.Attempt, DecisionSignal.ReadDecisionId(input.Payload), input.Payload ?? "(no payload)", CancellationToken.None);

    /// <inheritdoc />
    protected override string OutcomeOf(RecordedDecision? output) => output is null ? "ignored" : output.Verb;
}
