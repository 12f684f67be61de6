using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Workflow.Activities;

/// <summary>
/// Ends the wait at the deadline: records that nobody decided in time, or returns the decision recorded
/// before the deadline (whose signal had not reached the workflow yet), for the workflow to carry out.
/// </summary>
public sealed class ExpireApproval(StagingRounds rounds) : TaskActivity<VersionRound, RecordedDecision?>
{
    /// <inheritdoc />
    public override async Task<RecordedDecision?> RunAsync(TaskActivityContext context, VersionRound input)
    {
        var version = await rounds.ExpireApprovalAsync(input.Key, input.Attempt, CancellationToken.None);
        return version.State == VersionState.AwaitingApproval ? version.SettledDecision : null;
    }
}
