using Microsoft.DurableTask.Client;
using NCrontab;
using Pipeline.Storage.Tables;
using Pipeline.Workflow.Cleanup;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Local.Cleanup;

/// <summary>
/// The local stand-in for the Functions timer trigger: runs the cleanup on CLEANUP_SCHEDULE. When
/// the runtime was down over one or more scheduled times, it runs once at start (past due), not
/// once per missed tick. Among nodes sharing a storage account only the one leading <see cref="Role"/>
/// runs it (<see cref="Hosting.LeaderLease"/>), as the Functions host runs a timer on one instance.
/// </summary>
public sealed partial class CleanupScheduler(
    CleanupRunner runner,
    DurableTaskClient client,
    ScheduleState state,
    IConfiguration configuration,
    Hosting.LeaderLease leader,
    TimeProvider clock,
    ILogger<CleanupScheduler> logger) : BackgroundService
{
    private const string Job = CleanupRunner.Job;

    /// <summary>The leader lease's role name.</summary>
    public const string Role = "cleanup-scheduler";

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leader.LeadAsync(Role, ScheduleAsync, stoppingToken);

    private async Task ScheduleAsync(CancellationToken stoppingToken)
    {
        var expression = configuration[SettingNames.CleanupSchedule];
        var schedule = CrontabSchedule.Parse(
            string.IsNullOrWhiteSpace(expression) ? CleanupRunner.DefaultSchedule : expression,
            new CrontabSchedule.ParseOptions { IncludingSeconds = true });

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var last = await state.GetLastRunAsync(Job, stoppingToken);
            var due = last is { } previous ? Next(schedule, previous) : Next(schedule, now);
            if (due > now)
            {
                LogNext(logger, due);
                await Task.Delay(due - now, clock, stoppingToken);
            }
            else
            {
                LogPastDue(logger, due);
            }

            try
            {
                LogRunning(logger, due, leader.Node);
                await runner.RunAsync(client, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }

            await state.SetLastRunAsync(Job, clock.GetUtcNow(), stoppingToken);
        }
    }

    private static DateTimeOffset Next(CrontabSchedule schedule, DateTimeOffset after) =>
        new(DateTime.SpecifyKind(schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));

    [LoggerMessage(Level = LogLevel.Information, Message = "Next archive cleanup at {Due:u}.")]
    private static partial void LogNext(ILogger logger, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running the archive cleanup due at {Due:O} on {Node}.")]
    private static partial void LogRunning(ILogger logger, DateTimeOffset due, string node);

    [LoggerMessage(Level = LogLevel.Information, Message = "The archive cleanup due at {Due:u} was missed; running it once now.")]
    private static partial void LogPastDue(ILogger logger, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Error, Message = "The archive cleanup failed; it runs again at the next scheduled time.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
