using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Pipeline.Core.Events;
using StandardWebhooks;

namespace Pipeline.Workflow.Events;

/// <summary>
/// Sends one event to one subscriber, signed per the Standard Webhooks convention: <c>webhook-id</c> (the
/// event id, the same on every attempt, for the receiver to de-duplicate), <c>webhook-timestamp</c> (Unix
/// seconds of the attempt) and <c>webhook-signature</c> (<c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c> with the subscription's secret).
/// </summary>
public sealed class WebhookSender(HttpClient http, IOptions<EventOptions> options, TimeProvider clock)
{
    /// <summary>Posts the event; returns whether the subscriber took it (2xx) and what it answered, in a few words.</summary>
    public async Task<(bool Delivered, string Result)> SendAsync(WebhookSubscription subscription, PipelineEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(e);
        var (body, contentType) = EventEnvelope.Encode(e, options.Value.ApiBase);
        var now = clock.GetUtcNow();
        var signature = new StandardWebhook(EventOptionsValidator.KeyOf(subscription))
            .Sign(e.Id, now, System.Text.Encoding.UTF8.GetString(body));

        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("webhook-id", e.Id);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signature);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            return (response.IsSuccessStatusCode, status);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {options.Value.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException error)
        {
            return (false, error.Message);
        }
    }
}
