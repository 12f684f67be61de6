using Pipeline.Core.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;
using Pipeline.Workflow.Reports;
using Pipeline.Workflow.Telemetry;

namespace Pipeline.Workflow.Activities;

/// <summary>Runs the staging checks on the version and records the report; returns the resulting state.</summary>
public sealed partial class RunStagingTests(
    StagingTests tests,
    StagingRounds rounds,
    IReportStore reports,
    TimeProvider clock,
    IOptions<PipelineOptions> options,
    ModelPolicies policies,
    ILogger<RunStagingTests> logger,
    FaultPoints faults)
    : TracedActivity<VersionRound, VersionState>(faults)
{
    /// <inheritdoc />
    protected override VersionRound RoundOf(VersionRound input) => input;

    /// <inheritdoc />
    protected override async Task<VersionState> ExecuteAsync(TaskActivityContext context, VersionRound input)
    {
        var key = ModelVersionKey.Create(input.Model, input.Version);
        // The full report goes to blob storage before the outcome is recorded, so an approver always finds the evidence
        // for it; it is written while the vault copy still is. It is the round's own: a round closed while its tests ran
        // (its workflow terminated, then a retest) writes a report the current round's does not share a name with, and
        // its outcome is refused by the guarded write below.
        var run = await tests.RunIfDueAsync(key, version => IsTesting(version, input), report => SaveAsync(report, input), CancellationToken.None);
        if (run.Report is not { } report)
        {
            // A retried activity whose first run already recorded the report; the inbox's listing of it may have failed.
            await rounds.RelistAwaitingAsync(run.Version, input.Attempt, CancellationToken.None);
            return run.Version.State;
        }

        // The model's policy may set its own wait (approval.timeout); the deadline is recorded with the outcome. The
        // policy is the one the checks ran under, so one read decides both.
        var policy = report.Policy ?? await policies.GetOrDefaultAsync(input.Model, CancellationToken.None);
        var timeout = policy.Approval?.TimeoutSpan ?? options.Value.ApprovalTimeout;
        var recorded = RoundMetrics.Recorded(await rounds.RecordTestResultsAsync(key, input.Attempt, report, timeout, known: run.Version, CancellationToken.None));
        LogTested(logger, input.Model, input.Version, input.Attempt, recorded.State, report.FailureSummary);
        return recorded.State;
    }

    private async Task SaveAsync(StagingReport report, VersionRound input)
    {
        var document = StagingReportDocument.Serialize(input.Model, input.Version, input.Attempt, clock.GetUtcNow(), report);
        await reports.SaveStagingReportAsync(input.Model, input.Version, input.Attempt, document, CancellationToken.None);
        Faults.Hit(FaultPoint.AfterStagingReport, input.Model);
    }

    private static bool IsTesting(ModelVersion version, VersionRound round) =>
        version.Attempt == round.Attempt && version.State == VersionState.Testing;

    [LoggerMessage(Level = LogLevel.Information, Message = "Tested {Model}/{Version} (round {Attempt}): {State}. {Failures}")]
    private static partial void LogTested(ILogger logger, string model, string version, int attempt, VersionState state, string? failures);
}
