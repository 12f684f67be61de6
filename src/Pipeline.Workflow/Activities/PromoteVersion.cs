using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>Promotes an approved version (re-verifying its artifact) and archives the one it replaces.</summary>
public sealed class PromoteVersion(ProductionSwitch production, FaultPoints faults) : TracedActivity<VersionRound, VersionState>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(VersionRound input) => input;

    /// <inheritdoc />
    protected override async Task<VersionState> ExecuteAsync(TaskActivityContext context, VersionRound input) =>
        RoundMetrics.Recorded(await production.PromoteAsync(input.Key, input.Attempt, CancellationToken.None)).State;
}
