using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Pipeline.Testing;

/// <summary>One request the receiver took: its headers' id, whether its signature verified, and the CloudEvent.</summary>
public sealed record ReceivedWebhook(string Id, bool SignatureValid, string ContentType, JsonNode Event, int Status)
{
    /// <summary>The CloudEvents type, e.g. <c>pipeline.version.promoted</c>.</summary>
    public string Type => Event["type"]!.GetValue<string>();

    /// <summary>The CloudEvents subject, <c>{model}/{version}</c>.</summary>
    public string Subject => Event["subject"]!.GetValue<string>();
}

/// <summary>
/// A real HTTP webhook receiver on loopback: verifies every request's Standard Webhooks signature with
/// its secret, records it, and answers 500 to the attempts a test asks it to fail.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly FailurePlan failures = new();
    private LoopbackServer server = null!;

    private WebhookReceiver(string secret)
    {
        Secret = secret;
    }

    /// <summary>The signing secret (<c>whsec_…</c>) to configure the subscription with.</summary>
    public string Secret { get; }

    /// <summary>Where to send events.</summary>
    public Uri Url => server.Url;

    /// <summary>
    /// Answers 500 to the first N attempts of the first event whose type and subject match, and 200 otherwise; null
    /// for no failures.
    /// </summary>
    public (string Type, string Subject, int Failures)? FailFirstAttempts
    {
        get => failures.FailFirstAttempts;
        set => failures.FailFirstAttempts = value;
    }

    /// <summary>Answers 500 to every request.</summary>
    public bool AlwaysFail { get; set; }

    /// <summary>Every request in arrival order, failed ones included.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>The requests answered 2xx, in arrival order: what the subscriber took.</summary>
    public IReadOnlyList<ReceivedWebhook> Accepted => [.. received.Where(r => r.Status == StatusCodes.Status200OK)];

    /// <summary>
    /// The requests about <paramref name="model"/>'s versions, in arrival order. Tests share one registry, so a
    /// runtime's dispatcher may also send what an earlier test's runtime left pending: look at one model's events.
    /// </summary>
    public IReadOnlyList<ReceivedWebhook> About(string model, bool acceptedOnly = false) =>
        [.. received.Where(r => r.Subject.StartsWith($"{model}/", StringComparison.Ordinal) && (!acceptedOnly || r.Status == StatusCodes.Status200OK))];

    /// <summary>Starts a receiver on a free loopback port with a new secret.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver($"whsec_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}");
        receiver.server = await LoopbackServer.StartAsync("/hook", receiver.HandleAsync);
        return receiver;
    }

    /// <summary>Command-line settings subscribing <paramref name="index"/> to this receiver, for every type or <paramref name="types"/>.</summary>
    public IReadOnlyList<string> Settings(int index = 0, string? types = null) =>
    [
        $"--Events:Webhooks:{index}:Url={Url}",
        $"--Events:Webhooks:{index}:Secret={Secret}",
        .. types is null ? Array.Empty<string>() : [$"--Events:Webhooks:{index}:Types={types}"],
    ];

    /// <inheritdoc />
    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var body = await LoopbackServer.ReadBodyAsync(request);
        bool valid;
        try
        {
            new StandardWebhook(Secret).Verify(body, request.Headers);
            valid = true;
        }
        catch (Exception e) when (e is StandardWebhooks.Diagnostics.WebhookVerificationException or FormatException)
        {
            valid = false;
        }

        var cloudEvent = JsonNode.Parse(body)!;
        var id = request.Headers["webhook-id"].ToString();
        var status = StatusCodes.Status200OK;
        if (failures.Fails(id, cloudEvent["type"]?.GetValue<string>(), cloudEvent["subject"]?.GetValue<string>()) || AlwaysFail)
        {
            status = StatusCodes.Status500InternalServerError;
        }

        received.Enqueue(new ReceivedWebhook(id, valid, request.ContentType ?? "", cloudEvent, status));
        return Results.StatusCode(status);
    }
}
