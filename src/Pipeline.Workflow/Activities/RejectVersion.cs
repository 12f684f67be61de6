using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>Records a human rejection.</summary>
public sealed class RejectVersion(StagingRounds rounds, FaultPoints faults) : TracedActivity<VersionRound, VersionState>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(VersionRound input) => input;

    /// <inheritdoc />
    protected override async Task<VersionState> ExecuteAsync(TaskActivityContext context, VersionRound input) =>
        RoundMetrics.Recorded(await rounds.RejectAsync(input.Key, input.Attempt, CancellationToken.None)).State;
}
