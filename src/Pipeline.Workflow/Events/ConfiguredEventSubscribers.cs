using Microsoft.Extensions.Options;
using Pipeline.Core.Events;

namespace Pipeline.Workflow.Events;

/// <summary>The subscribers <see cref="EventOptions"/> configures: the webhooks and the Event Grid topic, each with its event types.</summary>
public sealed class ConfiguredEventSubscribers(IOptions<EventOptions> options) : IEventSubscribers
{
    /// <inheritdoc />
    public bool AnyFor(PipelineEventType type) => options.Value.SubscribersOf(type).Count > 0;
}
