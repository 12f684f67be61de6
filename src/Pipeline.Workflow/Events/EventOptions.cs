namespace Pipeline.Workflow.Events;

/// <summary>Events out (configuration section <c>Events</c>, environment <c>Events__*</c>).</summary>
public sealed class EventOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Events";

    /// <summary>The subscribers, by index: <c>Events__Webhooks__0__Url</c>, …</summary>
    public List<WebhookSubscription> Webhooks { get; } = [];

    /// <summary>The Event Grid custom topic events also go to (<c>Events__EventGrid__TopicEndpoint</c>, …), if any.</summary>
    public EventGridTopic EventGrid { get; set; } = new();

    /// <summary>How many times a delivery is tried before it ends failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the second attempt; it doubles for each one after.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the local runtime looks for events to send (the Functions app's timer runs every 10 seconds).</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The API's public address, for the links in each event (<c>https://…/</c>); links are paths without it.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary><see cref="ApiBaseUrl"/> as a URL, or null when unset.</summary>
    public Uri? ApiBase => string.IsNullOrWhiteSpace(ApiBaseUrl) ? null : new Uri(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);

    /// <summary>The names of the subscribers that take events of <paramref name="type"/>, as deliveries record them.</summary>
    public List<string> SubscribersOf(Core.Events.PipelineEventType type)
    {
        var names = Webhooks
            .Select((subscription, index) => (subscription, index))
            .Where(s => s.subscription.IsConfigured && EventOptionsValidator.TypesOf(s.subscription).Contains(type))
            .Select(s => SubscriberName(s.index))
            .ToList();
        if (EventGrid.IsConfigured && EventOptionsValidator.TypesOf(EventGrid).Contains(type))
        {
            names.Add(EventGridSubscriber);
        }

        return names;
    }

    /// <summary>Whether any subscriber is configured at all (a webhook or the Event Grid topic).</summary>
    public bool HasSubscribers => Webhooks.Any(w => w.IsConfigured) || EventGrid.IsConfigured;

    /// <summary>The subscriber name deliveries to <see cref="EventGrid"/> record.</summary>
    public const string EventGridSubscriber = "eventgrid";

    private const string SubscriberPrefix = "webhook-";

    /// <summary>The name of subscription <paramref name="index"/>, as deliveries record it.</summary>
    public static string SubscriberName(int index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SubscriberPrefix}{index}");

    /// <summary>The index of the subscription <paramref name="name"/> names, or -1.</summary>
    public static int SubscriberIndex(string name) =>
        name.StartsWith(SubscriberPrefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(SubscriberPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? index
            : -1;
}
