using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;

namespace Pipeline.Workflow.Activities;

/// <summary>Records that nobody decided in time.</summary>
public sealed class ExpireApproval(StagingRounds rounds) : TaskActivity<VersionRound, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, VersionRound input)
    {
        var key = ModelVersionKey.Create(input.Model, input.Version);
        var result = await rounds.ExpireApprovalAsync(key, input.Attempt, CancellationToken.None);
        return result.State;
    }
}
