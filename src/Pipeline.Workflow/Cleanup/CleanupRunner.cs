using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Diagnostics;
using Pipeline.Core.Retention;
using Pipeline.Storage.Tables;

namespace Pipeline.Workflow.Cleanup;

/// <summary>
/// One cleanup run, the same from the Functions timer, the local scheduler and the admin endpoint:
/// archived versions past retention, then the durable history of long-finished orchestrations.
/// How the run ended is recorded (<see cref="ScheduleState"/>) for the health route, whichever host ran it.
/// </summary>
public sealed partial class CleanupRunner(ArchiveCleanup archives, RetentionDefaults defaults, ScheduleState schedules, TimeProvider clock, ILogger<CleanupRunner> logger)
{
    /// <summary>The schedule used when CLEANUP_SCHEDULE is not set: NCRONTAB with seconds, daily at 03:00 UTC.</summary>
    public const string DefaultSchedule = "0 0 3 * * *";

    /// <summary>The job name its outcome is recorded under.</summary>
    public const string Job = "cleanup";

    /// <summary>Runs one cleanup and reports what it did.</summary>
    public async Task<CleanupReport> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var span = PipelineTelemetry.Source.StartActivity("cleanup.run");
        CleanupReport report;
        try
        {
            report = await archives.RunAsync(cancellationToken);
            var cutoff = clock.GetUtcNow().AddDays(-defaults.OrchestrationHistoryDays);
            var purged = await client.PurgeAllInstancesAsync(
                new PurgeInstancesFilter(
                    // An explicit lower bound: the local gRPC sidecar fails on a missing one.
                    CreatedFrom: DateTimeOffset.UnixEpoch,
                    CreatedTo: cutoff,
                    Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]),
                cancellationToken);
            report.OrchestrationsPurged = purged.PurgedInstanceCount;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            await RecordOutcomeAsync(new ScheduledRun(clock.GetUtcNow(), false, $"{e.GetType().Name}: {e.Message}"));
            throw;
        }

        PipelineTelemetry.CleanupPurges.Add(report.Purged.Count + report.Completed.Count);
        span?.SetTag("pipeline.cleanup.purged", report.Purged.Count + report.Completed.Count);
        span?.SetTag("pipeline.cleanup.orchestrations_purged", report.OrchestrationsPurged);
        LogCleanup(logger, report.ModelsExamined, report.ArchivedExamined, report.Purged.Count, report.Completed.Count, report.LeftForNextRun, report.OrchestrationsPurged);
        await RecordOutcomeAsync(new ScheduledRun(
            clock.GetUtcNow(),
            true,
            $"{report.Purged.Count} purged, {report.Completed.Count} interrupted purges completed, {report.LeftForNextRun} left for the next run, {report.OrchestrationsPurged} finished orchestrations purged."));
        return report;
    }

    // The record is for the health route only: failing to write it must not fail (or hide the failure of) the run.
    private async Task RecordOutcomeAsync(ScheduledRun run)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await schedules.SetLastOutcomeAsync(Job, run, timeout.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            LogOutcomeNotRecorded(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup: {Models} models, {Archived} archived versions examined; {Purged} purged, {Completed} interrupted purges completed, {Left} left for the next run; {Orchestrations} finished orchestrations purged.")]
    private static partial void LogCleanup(ILogger logger, int models, int archived, int purged, int completed, int left, int orchestrations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cleanup's outcome could not be recorded for the health route.")]
    private static partial void LogOutcomeNotRecorded(ILogger logger, Exception exception);
}
