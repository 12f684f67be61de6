using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Activities;

/// <summary>Records that nobody decided in time.</summary>
public sealed class ExpireApproval(StagingRounds rounds) : TaskActivity<VersionRound, VersionState>
{
    /// <inheritdoc />
    public override async Task<VersionState> RunAsync(TaskActivityContext context, VersionRound input) =>
        (await rounds.ExpireApprovalAsync(input.Key, input.Attempt, CancellationToken.None)).State;
}
