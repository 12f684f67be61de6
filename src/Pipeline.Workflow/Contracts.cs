namespace Pipeline.Workflow;

/// <summary>The input of one orchestration: one round of tests (and the wait that follows) for one version.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version label.</param>
/// <param name="Attempt">The round (1 for the first; each retest adds one).</param>
/// <param name="ApprovalTimeout">How long to wait for a decision; configuration reaches the orchestrator only here.</param>
public sealed record ModelVersionWorkflowInput(string Model, string Version, int Attempt, TimeSpan ApprovalTimeout);

/// <summary>Which round of which version an activity works on.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version label.</param>
/// <param name="Attempt">The round.</param>
public sealed record VersionRound(string Model, string Version, int Attempt);

/// <summary>A decision handed to an activity, with the round it is for.</summary>
/// <param name="Round">The round.</param>
/// <param name="Decision">The decision.</param>
public sealed record DecisionInput(VersionRound Round, Core.Registry.PromotionDecision Decision);

/// <summary>Names of the external events the orchestration waits for.</summary>
public static class WorkflowEvents
{
    /// <summary>A human decision; the payload is a <see cref="Core.Registry.PromotionDecision"/>.</summary>
    public const string Decision = "PromotionDecision";
}
