namespace Pipeline.Workflow;

/// <summary>A decision signal as the workflow of a round received it, to be checked against the registry.</summary>
/// <param name="Round">The round.</param>
/// <param name="Payload">The payload's JSON, shortened to <see cref="DecisionSignal.MaxPayloadChars"/>; null when it had none.</param>
public sealed record ReceivedSignal(VersionRound Round, string? Payload);
