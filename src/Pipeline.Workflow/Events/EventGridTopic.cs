namespace Pipeline.Workflow.Events;

/// <summary>
/// An Event Grid custom topic (CloudEvents schema) as one more subscriber to events out, named
/// <see cref="EventOptions.EventGridSubscriber"/> in deliveries (<c>Events__EventGrid__*</c>).
/// </summary>
public sealed class EventGridTopic
{
    /// <summary>The topic's endpoint, <c>https://{topic}.{region}-1.eventgrid.azure.net/api/events</c>; no topic when unset.</summary>
    public string? TopicEndpoint { get; set; }

    /// <summary>The event types it receives, comma separated (<c>promoted,rolledBack</c>); every type when unset.</summary>
    public string? Types { get; set; }

    /// <summary>The client id of the user-assigned identity to publish as; the default identity when unset.</summary>
    public string? ClientId { get; set; }

    /// <summary>An access key, for tests and offline use only: when set it is sent instead of an identity's token.</summary>
    public string? Key { get; set; }

    /// <summary>Whether a topic is set: the sample settings list the endpoint empty, and an empty endpoint is no topic.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(TopicEndpoint);

    /// <summary><see cref="TopicEndpoint"/> as a URL (validated at start-up).</summary>
    public Uri Endpoint => new(TopicEndpoint!, UriKind.Absolute);
}
