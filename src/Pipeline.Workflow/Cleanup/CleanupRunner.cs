using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Retention;

namespace Pipeline.Workflow.Cleanup;

/// <summary>
/// One cleanup run, the same from the Functions timer, the local scheduler and the admin endpoint:
/// archived versions past retention, then the durable history of long-finished orchestrations.
/// </summary>
public sealed partial class CleanupRunner(ArchiveCleanup archives, RetentionDefaults defaults, TimeProvider clock, ILogger<CleanupRunner> logger)
{
    /// <summary>The schedule used when CLEANUP_SCHEDULE is not set: NCRONTAB with seconds, daily at 03:00 UTC.</summary>
    public const string DefaultSchedule = "0 0 3 * * *";

    /// <summary>Runs one cleanup and reports what it did.</summary>
    public async Task<CleanupReport> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var report = await archives.RunAsync(cancellationToken);
        var cutoff = clock.GetUtcNow().AddDays(-defaults.OrchestrationHistoryDays);
        var purged = await client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(
                // An explicit lower bound: the local gRPC sidecar fails on a missing one.
                CreatedFrom: DateTimeOffset.UnixEpoch,
                CreatedTo: cutoff,
                Statuses: [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]),
            cancellationToken);
        report.OrchestrationsPurged = purged.PurgedInstanceCount;
        LogCleanup(logger, report.ModelsExamined, report.ArchivedExamined, report.Purged.Count, report.Completed.Count, report.LeftForNextRun, report.OrchestrationsPurged);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup: {Models} models, {Archived} archived versions examined; {Purged} purged, {Completed} interrupted purges completed, {Left} left for the next run; {Orchestrations} finished orchestrations purged.")]
    private static partial void LogCleanup(ILogger logger, int models, int archived, int purged, int completed, int left, int orchestrations);
}
