using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Options;
using Pipeline.Core.Events;

namespace Pipeline.Workflow.Events;

/// <summary>
/// Publishes one event to the Event Grid custom topic (<see cref="EventOptions.EventGrid"/>): the same CloudEvent
/// webhooks get (<see cref="EventEnvelope"/>: same id, type, source, subject, time and data), authorised by the
/// app's identity, or by the access key when one is set (tests and offline use).
/// </summary>
public sealed class EventGridSender
{
    private readonly IOptions<EventOptions> options;
    private readonly Lazy<EventGridPublisherClient> client;

    /// <summary>A sender whose client is made on first use, once, from the settings.</summary>
    public EventGridSender(IOptions<EventOptions> options)
    {
        this.options = options;
        client = new Lazy<EventGridPublisherClient>(() => CreateClient(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Publishes the event; returns whether the topic took it and what it answered, in a few words.</summary>
    public async Task<(bool Delivered, string Result)> SendAsync(PipelineEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (body, _) = EventEnvelope.Encode(e, options.Value.ApiBase);
        var cloudEvent = CloudEvent.Parse(BinaryData.FromBytes(body))
            ?? throw new InvalidOperationException($"The envelope of event {e.Id} is not a CloudEvent.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await client.Value.SendEventAsync(cloudEvent, timeout.Token);
            return (true, response.Status.ToString(CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (RequestFailedException error) when (error.Status != 0)
        {
            return (false, error.Status.ToString(CultureInfo.InvariantCulture));
        }
        catch (RequestFailedException error)
        {
            return (false, error.Message);
        }
        catch (AuthenticationFailedException error)
        {
            return (false, $"no token for the topic: {error.Message}");
        }
    }

    private static EventGridPublisherClient CreateClient(EventOptions settings)
    {
        var topic = settings.EventGrid;
        // The dispatcher retries with its own backoff and records each attempt; the client tries once.
        var clientOptions = new EventGridPublisherClientOptions
        {
            Retry = { MaxRetries = 0, NetworkTimeout = settings.RequestTimeout },
        };
        if (!string.IsNullOrEmpty(topic.Key))
        {
            return new EventGridPublisherClient(topic.Endpoint, new AzureKeyCredential(topic.Key), clientOptions);
        }

        TokenCredential credential = string.IsNullOrEmpty(topic.ClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = topic.ClientId });
        return new EventGridPublisherClient(topic.Endpoint, credential, clientOptions);
    }
}
