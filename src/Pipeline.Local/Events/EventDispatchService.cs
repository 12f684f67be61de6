using Microsoft.Extensions.Options;
using Pipeline.Workflow.Events;

namespace Pipeline.Local.Events;

/// <summary>
/// The local stand-in for the Functions app's event timer: sends what the outbox holds every
/// <c>Events__DispatchInterval</c>. A pass that fails (storage away) is logged and the next one tries again.
/// </summary>
public sealed partial class EventDispatchService(
    EventDispatcher dispatcher, IOptions<EventOptions> options, TimeProvider clock, ILogger<EventDispatchService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
