using Microsoft.Extensions.Options;
using Pipeline.Workflow.Events;

namespace Pipeline.Local.Events;

/// <summary>
/// The local stand-in for the Functions app's event timer: sends what the outbox holds every
/// <c>Events__DispatchInterval</c>. A pass that fails (storage away) is logged and the next one tries again.
/// Among nodes sharing a storage account only the one leading <see cref="Role"/> sends
/// (<see cref="Hosting.LeaderLease"/>): the outbox tolerates two dispatchers (a lost race stops the
/// loser), but both would send the same events, as the Functions app's timer, run on one instance, never does.
/// </summary>
public sealed partial class EventDispatchService(
    EventDispatcher dispatcher, IOptions<EventOptions> options, Hosting.LeaderLease leader, TimeProvider clock, ILogger<EventDispatchService> logger) : BackgroundService
{
    /// <summary>The leader lease's role name.</summary>
    public const string Role = "event-dispatcher";

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leader.LeadAsync(Role, DispatchAsync, stoppingToken);

    private async Task DispatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }

            await Task.Delay(options.Value.DispatchInterval, clock, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending events failed; the next pass tries again.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
