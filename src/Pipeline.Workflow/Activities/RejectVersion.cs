using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;

namespace Pipeline.Workflow.Activities;

/// <summary>Records a human rejection.</summary>
public sealed class RejectVersion(StagingRounds rounds) : TaskActivity<DecisionInput, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, DecisionInput input)
    {
        var key = ModelVersionKey.Create(input.Round.Model, input.Round.Version);
        var result = await rounds.RejectAsync(key, input.Round.Attempt, input.Decision, CancellationToken.None);
        return result.State;
    }
}
