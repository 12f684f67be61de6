using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Moves the version into Testing for this round; false when the round is stale.</summary>
public sealed class BeginStagingTests(StagingRounds rounds) : TaskActivity<VersionRound, bool>
{
    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, VersionRound input) =>
        rounds.BeginTestsAsync(input.Key, input.Attempt, context.InstanceId, CancellationToken.None);
}
