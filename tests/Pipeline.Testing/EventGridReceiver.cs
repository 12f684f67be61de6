using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Testing;

/// <summary>One CloudEvent the stand-in topic was sent: the key header it came with, the request's content type and query, and its answer.</summary>
public sealed record PublishedEvent(string? Key, string ContentType, string ApiVersion, JsonNode Event, int Status)
{
    /// <summary>The CloudEvents id.</summary>
    public string Id => Event["id"]!.GetValue<string>();

    /// <summary>The CloudEvents type, e.g. <c>pipeline.version.promoted</c>.</summary>
    public string Type => Event["type"]!.GetValue<string>();

    /// <summary>The CloudEvents subject, <c>{model}/{version}</c>.</summary>
    public string Subject => Event["subject"]!.GetValue<string>();
}

/// <summary>
/// A loopback stand-in for an Event Grid custom topic with the CloudEvents schema: takes
/// <c>POST /api/events?api-version=…</c> with an <c>aeg-sas-key</c> header and a JSON array of CloudEvents,
/// records each event, and answers 500 to the attempts a test asks it to fail.
/// </summary>
public sealed class EventGridReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<PublishedEvent> received = new();
    private readonly FailurePlan failures = new();
    private LoopbackServer server = null!;

    /// <summary>The access key the topic expects (<c>aeg-sas-key</c>).</summary>
    public string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The topic endpoint to configure, <c>http://127.0.0.1:{port}/api/events</c>.</summary>
    public Uri Endpoint => server.Url;

    /// <summary>Answers 500 to the first N attempts of the event whose type and subject match; null for no failures.</summary>
    public (string Type, string Subject, int Failures)? FailFirstAttempts
    {
        get => failures.FailFirstAttempts;
        set => failures.FailFirstAttempts = value;
    }

    /// <summary>
    /// The events about <paramref name="model"/>'s versions, in arrival order. Tests share one registry, so a
    /// runtime's dispatcher may also send what an earlier test's runtime left pending: look at one model's events.
    /// </summary>
    public IReadOnlyList<PublishedEvent> About(string model, bool acceptedOnly = false) =>
        [.. received.Where(r => r.Subject.StartsWith($"{model}/", StringComparison.Ordinal) && (!acceptedOnly || r.Status == StatusCodes.Status200OK))];

    /// <summary>Starts a topic on a free loopback port with a new key.</summary>
    public static async Task<EventGridReceiver> StartAsync()
    {
        var receiver = new EventGridReceiver();
        receiver.server = await LoopbackServer.StartAsync("/api/events", receiver.HandleAsync);
        return receiver;
    }

    /// <summary>Command-line settings pointing events out at this topic, for every type or <paramref name="types"/>.</summary>
    public IReadOnlyList<string> Settings(string? types = null) =>
    [
        $"--Events:EventGrid:TopicEndpoint={Endpoint}",
        $"--Events:EventGrid:Key={Key}",
        .. types is null ? Array.Empty<string>() : [$"--Events:EventGrid:Types={types}"],
    ];

    /// <inheritdoc />
    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var body = await LoopbackServer.ReadBodyAsync(request);
        var events = JsonNode.Parse(body) is JsonArray batch ? batch.Select(e => e!).ToList() : [];
        var key = request.Headers["aeg-sas-key"].ToString();
        var status = StatusCodes.Status200OK;
        foreach (var cloudEvent in events)
        {
            if (failures.Fails(cloudEvent["id"]?.GetValue<string>() ?? "", cloudEvent["type"]?.GetValue<string>(), cloudEvent["subject"]?.GetValue<string>()))
            {
                status = StatusCodes.Status500InternalServerError;
            }
        }

        if (events.Count == 0 || key != Key)
        {
            status = key != Key ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
        }

        foreach (var cloudEvent in events)
        {
            received.Enqueue(new PublishedEvent(key, request.ContentType ?? "", request.Query["api-version"].ToString(), cloudEvent.DeepClone(), status));
        }

        return Results.StatusCode(status);
    }
}
