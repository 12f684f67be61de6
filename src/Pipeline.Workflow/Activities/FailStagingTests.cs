using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;

namespace Pipeline.Workflow.Activities;

/// <summary>Ends a round whose tests stopped with an error as TestsFailed, with the error as its reason.</summary>
public sealed class FailStagingTests(StagingRounds rounds) : TaskActivity<StagingFailure, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, StagingFailure input)
    {
        var key = ModelVersionKey.Create(input.Round.Model, input.Round.Version);
        var result = await rounds.FailTestsAsync(key, input.Round.Attempt, input.Error, CancellationToken.None);
        return result.State;
    }
}
