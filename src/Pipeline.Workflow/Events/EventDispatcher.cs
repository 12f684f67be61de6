using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Diagnostics;
using Pipeline.Core.Errors;
using Pipeline.Core.Events;

namespace Pipeline.Workflow.Events;

/// <summary>
/// Sends what the outbox holds: at least once, in order per model and subscriber (an event waits while an
/// earlier one of its model is still pending for the same subscriber), with bounded exponential retries
/// (<see cref="EventOptions.MaxAttempts"/>, from <see cref="EventOptions.RetryBaseDelay"/> doubling). Every
/// attempt is recorded on the event; a subscriber that keeps failing ends <c>failed</c> and holds nothing
/// else up. The workflow never waits for it.
/// </summary>
public sealed partial class EventDispatcher(
    IEventOutbox outbox, WebhookSender sender, EventGridSender eventGrid, IOptions<EventOptions> options, TimeProvider clock, ILogger<EventDispatcher> logger, FaultPoints faults)
{
    private const int ParallelModels = 8;

    /// <summary>One pass over the pending events; returns how many deliveries were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.HasSubscribers)
        {
            // Nothing to send to: events are written settled (ConfiguredEventSubscribers), so there is nothing to look
            // for either, and no pass reads the outbox, which is a query across every model's partition.
            return 0;
        }

        var pending = await outbox.ListPendingAsync(cancellationToken);
        var attempts = 0;
        await Parallel.ForEachAsync(
            pending.GroupBy(e => e.Event.Model),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelModels, CancellationToken = cancellationToken },
            async (model, token) => Interlocked.Add(ref attempts, await DispatchModelAsync([.. model.OrderBy(e => e.Position, StringComparer.Ordinal)], token)));
        return attempts;
    }

    private async Task<int> DispatchModelAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        var attempts = 0;
        foreach (var entry in entries)
        {
            var deliveries = entry.Deliveries?.ToList() ?? Targets(entry.Event, settings);
            var changed = entry.Deliveries is null;
            for (var i = 0; i < deliveries.Count; i++)
            {
                var delivery = deliveries[i];
                var now = clock.GetUtcNow();
                if (delivery.Status != DeliveryStatus.Pending)
                {
                    continue;
                }

                if (waiting.Contains(delivery.Subscriber) || delivery.NextAttemptAt > now)
                {
                    waiting.Add(delivery.Subscriber);
                    continue;
                }

                deliveries[i] = await AttemptAsync(entry.Event, delivery, settings, cancellationToken);
                attempts++;
                changed = true;
                if (deliveries[i].Status == DeliveryStatus.Pending)
                {
                    waiting.Add(delivery.Subscriber);
                }
            }

            if (!changed)
            {
                continue;
            }

            if (attempts > 0)
            {
                faults.Hit(FaultPoint.AfterEventDelivery, entry.Event.Model);
            }

            try
            {
                await outbox.SaveAsync(entry with { Deliveries = deliveries }, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Another dispatcher (a second instance) is on this model; it records its own attempts.
                LogLostRace(logger, entry.Event.Model);
                break;
            }
        }

        return attempts;
    }

    private async Task<EventDelivery> AttemptAsync(PipelineEvent e, EventDelivery delivery, EventOptions settings, CancellationToken cancellationToken)
    {
        var attempt = delivery.Attempts + 1;
        var now = clock.GetUtcNow();
        if (await SendAsync(e, delivery.Subscriber, settings, cancellationToken) is not var (delivered, result))
        {
            return delivery with { Status = DeliveryStatus.Failed, LastAttemptAt = now, LastResult = "the subscription is no longer configured" };
        }

        LogAttempt(logger, e.CloudEventType, e.Model, e.Version, delivery.Subscriber, attempt, result);
        PipelineTelemetry.WebhookDeliveries.Add(
            1,
            new KeyValuePair<string, object?>(PipelineTelemetry.Attributes.Outcome, delivered ? "delivered" : "failed"),
            new KeyValuePair<string, object?>("pipeline.event.type", e.CloudEventType),
            new KeyValuePair<string, object?>("pipeline.subscriber", delivery.Subscriber));
        if (delivered)
        {
            return delivery with { Status = DeliveryStatus.Delivered, Attempts = attempt, LastAttemptAt = now, NextAttemptAt = null, LastResult = result };
        }

        return attempt >= settings.MaxAttempts
            ? delivery with { Status = DeliveryStatus.Failed, Attempts = attempt, LastAttemptAt = now, NextAttemptAt = null, LastResult = result }
            : delivery with { Attempts = attempt, LastAttemptAt = now, NextAttemptAt = now + (settings.RetryBaseDelay * Math.Pow(2, attempt - 1)), LastResult = result };
    }

    // One attempt to the subscriber a delivery names; null when it is no longer configured.
    private async Task<(bool Delivered, string Result)?> SendAsync(PipelineEvent e, string subscriber, EventOptions settings, CancellationToken cancellationToken)
    {
        if (subscriber == EventOptions.EventGridSubscriber)
        {
            return settings.EventGrid.IsConfigured ? await eventGrid.SendAsync(e, cancellationToken) : null;
        }

        var index = EventOptions.SubscriberIndex(subscriber);
        return index >= 0 && index < settings.Webhooks.Count && settings.Webhooks[index].IsConfigured
            ? await sender.SendAsync(settings.Webhooks[index], e, cancellationToken)
            : null;
    }

    // The subscribers whose types include the event's, picked once when the dispatcher first sees the event:
    // the webhooks by index, then the Event Grid topic.
    private static List<EventDelivery> Targets(PipelineEvent e, EventOptions settings) =>
        [.. settings.SubscribersOf(e.Type).Select(name => new EventDelivery(name, DeliveryStatus.Pending, 0, null, null, null))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Event {Type} of {Model}/{Version} to {Subscriber}, attempt {Attempt}: {Result}")]
    private static partial void LogAttempt(ILogger logger, string type, string model, string version, string subscriber, int attempt, string result);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another dispatcher recorded an event of {Model} first; leaving the model to it this pass.")]
    private static partial void LogLostRace(ILogger logger, string model);
}
