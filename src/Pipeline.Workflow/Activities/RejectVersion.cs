using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Records a human rejection.</summary>
public sealed class RejectVersion(StagingRounds rounds) : TaskActivity<DecisionInput, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, DecisionInput input) =>
        (await rounds.RejectAsync(input.Round.Key, input.Round.Attempt, input.Decision, CancellationToken.None)).State;
}
