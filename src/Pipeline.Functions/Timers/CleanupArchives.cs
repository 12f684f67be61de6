using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Pipeline.Core.Retention;
using Pipeline.Workflow.Cleanup;

namespace Pipeline.Functions.Timers;

/// <summary>
/// Runs the archive cleanup on the CLEANUP_SCHEDULE timer. A schedule missed while the app was
/// down fires once (IsPastDue), not once per missed tick; the run itself is idempotent.
/// </summary>
public sealed class CleanupArchives(CleanupRunner runner)
{
    /// <summary>Runs one cleanup.</summary>
    [Function(nameof(CleanupArchives))]
    public Task<CleanupReport> RunAsync(
        [TimerTrigger("%CLEANUP_SCHEDULE%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        runner.RunAsync(client, cancellationToken);
}
