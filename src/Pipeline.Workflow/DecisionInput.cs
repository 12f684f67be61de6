namespace Pipeline.Workflow;

/// <summary>A decision handed to an activity, with the round it is for.</summary>
/// <param name="Round">The round.</param>
/// <param name="Decision">The decision.</param>
public sealed record DecisionInput(VersionRound Round, Core.Registry.PromotionDecision Decision);
