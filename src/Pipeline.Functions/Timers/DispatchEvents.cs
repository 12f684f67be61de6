using Microsoft.Azure.Functions.Worker;
using Pipeline.Workflow.Events;

namespace Pipeline.Functions.Timers;

/// <summary>
/// Sends what the outbox holds, every 10 seconds. A tick that finds an earlier one still running is
/// skipped by the host (timer triggers are singletons), and the dispatcher's writes are guarded, so a
/// second instance never records an attempt twice.
/// </summary>
public sealed class DispatchEvents(EventDispatcher dispatcher)
{
    /// <summary>One pass over the pending events.</summary>
    [Function(nameof(DispatchEvents))]
    public Task<int> RunAsync([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.RunOnceAsync(cancellationToken);
}
