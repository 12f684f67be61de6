namespace Pipeline.Workflow.Events;

/// <summary>One subscriber to events out (<c>Events__Webhooks__{n}__*</c>).</summary>
public sealed class WebhookSubscription
{
    /// <summary>Where events are POSTed (http or https).</summary>
    public Uri? Url { get; set; }

    /// <summary>The signing secret, Standard Webhooks style: <c>whsec_</c> and base64 of 24 to 64 random bytes.</summary>
    public string? Secret { get; set; }

    /// <summary>The event types it receives, comma separated (<c>promoted,rolledBack</c>); every type when unset.</summary>
    public string? Types { get; set; }

    /// <summary>Whether the slot is set at all: the sample settings list slot 0 empty, and an empty slot is no subscriber.</summary>
    public bool IsConfigured => Url is not null || !string.IsNullOrEmpty(Secret) || !string.IsNullOrEmpty(Types);
}
