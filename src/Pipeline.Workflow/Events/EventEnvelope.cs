using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Pipeline.Core.Events;
using Pipeline.Core.Lifecycle;

namespace Pipeline.Workflow.Events;

/// <summary>
/// An event as it goes out: a CloudEvents 1.0 structured JSON document (<c>application/cloudevents+json</c>),
/// <c>subject</c> <c>{model}/{version}</c>, its data the version's stage and status after the change, who made
/// it and why, who an escalation is addressed to (<c>escalateTo</c>), and links to the version, its report and the model's history.
/// </summary>
public static class EventEnvelope
{
    /// <summary>The CloudEvents <c>source</c> of every event.</summary>
    public const string Source = "/model-pipeline";

    private static readonly JsonEventFormatter Formatter = new(new JsonSerializerOptions(JsonSerializerDefaults.Web), new JsonDocumentOptions());

    /// <summary>The document's bytes and content type.</summary>
    public static (byte[] Body, string ContentType) Encode(PipelineEvent e, Uri? apiBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(e);
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = e.Id,
            Type = e.CloudEventType,
            Source = new Uri(Source, UriKind.Relative),
            Subject = $"{e.Model}/{e.Version}",
            Time = e.At,
            DataContentType = MediaTypeNames.Application.Json,
            Data = DataOf(e, apiBaseUrl),
        };
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out var contentType);
        return (body.ToArray(), contentType.ToString());
    }

    private static EventData DataOf(PipelineEvent e, Uri? apiBaseUrl)
    {
        var version = $"api/models/{Uri.EscapeDataString(e.Model)}/versions/{Uri.EscapeDataString(e.Version)}";
        return new EventData(
            e.Model,
            e.Version,
            e.State is { } state ? VersionStates.StageOf(state).ToString() : null,
            e.State is { } current ? VersionStates.StatusOf(current)?.ToString() : null,
            e.Actor,
            e.Reason,
            e.At,
            e.Recipients,
            new EventLinks(Link(apiBaseUrl, version), Link(apiBaseUrl, $"{version}/report"), Link(apiBaseUrl, $"api/models/{Uri.EscapeDataString(e.Model)}/history")));
    }

    private static string Link(Uri? baseUrl, string path) => baseUrl is null ? $"/{path}" : new Uri(baseUrl, path).ToString();

    /// <summary>The event's <c>data</c>.</summary>
    private sealed record EventData(
        string Model, string Version, string? Stage, string? Status, string Actor, string? Reason, DateTimeOffset At, IReadOnlyList<string> EscalateTo, EventLinks Links);

    /// <summary>Where to read more.</summary>
    private sealed record EventLinks(string Version, string Report, string History);
}
