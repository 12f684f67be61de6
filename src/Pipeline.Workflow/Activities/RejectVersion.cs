using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Records a human rejection.</summary>
public sealed class RejectVersion(StagingRounds rounds) : TaskActivity<VersionRound, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, VersionRound input) =>
        (await rounds.RejectAsync(input.Key, input.Attempt, CancellationToken.None)).State;
}
