using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>Moves the version into Testing for this round; false when the round is stale.</summary>
public sealed class BeginStagingTests(StagingRounds rounds, FaultPoints faults) : TracedActivity<VersionRound, bool>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(VersionRound input) => input;

    /// <inheritdoc />
    protected override Task<bool> ExecuteAsync(TaskActivityContext context, VersionRound input) =>
        rounds.BeginTestsAsync(input.Key, input.Attempt, context.InstanceId, CancellationToken.None);

    /// <inheritdoc />
    protected override string OutcomeOf(bool output) => output ? "began" : "stale";
}
