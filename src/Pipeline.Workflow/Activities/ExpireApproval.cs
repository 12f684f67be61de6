using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>
/// Ends the wait at the deadline: records that nobody decided in time, or returns the decision recorded
/// before the deadline (whose signal had not reached the workflow yet), for the workflow to carry out.
/// </summary>
public sealed class ExpireApproval(StagingRounds rounds, FaultPoints faults) : TracedActivity<VersionRound, RecordedDecision?>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(VersionRound input) => input;

    /// <inheritdoc />
    protected override async Task<RecordedDecision?> ExecuteAsync(TaskActivityContext context, VersionRound input)
    {
        var version = RoundMetrics.Recorded(await rounds.ExpireApprovalAsync(input.Key, input.Attempt, CancellationToken.None));
        return version.State == VersionState.AwaitingApproval ? version.SettledDecision : null;
    }

    /// <inheritdoc />
    protected override string OutcomeOf(RecordedDecision? output) => output is null ? "expired" : output.Verb;
}
