using System.Text.Json;

namespace Pipeline.Workflow;

/// <summary>
/// The payload of <see cref="WorkflowEvents.Decision"/>: which recorded decision settled the round. The
/// workflow acts on it only when it names the decision on record, so a signal raised around the API
/// (through the durable engine's own endpoints or its queues) moves nothing.
/// </summary>
/// <param name="DecisionId">The recorded decision's id.</param>
public sealed record DecisionSignal(string DecisionId)
{
    /// <summary>The longest payload the workflow passes on to be checked and recorded.</summary>
    public const int MaxPayloadChars = 2_000;

    /// <summary>The decision id in a payload as it was received, or null when it has none (anything may be raised).</summary>
    public static string? ReadDecisionId(string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            return null;
        }

        try
        {
            // Hosts serialize with different naming policies (DecisionId, decisionId): match the name without regard to case.
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind != JsonValueKind.Object
                ? null
                : document.RootElement.EnumerateObject()
                    .Where(p => string.Equals(p.Name, nameof(DecisionId), StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
                    .Select(p => p.Value.GetString())
                    .FirstOrDefault();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
