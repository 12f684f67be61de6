using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>Ends a round whose tests stopped with an error as TestsFailed, with the error as its reason.</summary>
public sealed class FailStagingTests(StagingRounds rounds, FaultPoints faults) : TracedActivity<StagingFailure, VersionState>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(StagingFailure input) => input.Round;

    /// <inheritdoc />
    protected override async Task<VersionState> ExecuteAsync(TaskActivityContext context, StagingFailure input)
    {
        var key = ModelVersionKey.Create(input.Round.Model, input.Round.Version);
        var result = await rounds.FailTestsAsync(key, input.Round.Attempt, input.Error, CancellationToken.None);
        return RoundMetrics.Recorded(result).State;
    }
}
