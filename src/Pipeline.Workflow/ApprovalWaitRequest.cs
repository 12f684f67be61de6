namespace Pipeline.Workflow;

/// <summary>What the workflow asks to plan a round's wait for a decision.</summary>
/// <param name="Round">The round.</param>
/// <param name="FallbackTimeout">The wait when the registry recorded no deadline (the round's configured timeout).</param>
public sealed record ApprovalWaitRequest(VersionRound Round, TimeSpan FallbackTimeout);
