namespace Pipeline.Workflow;

/// <summary>The input of one orchestration: one round of tests (and the wait that follows) for one version.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version label.</param>
/// <param name="Attempt">The round (1 for the first; each retest adds one).</param>
/// <param name="ApprovalTimeout">How long to wait for a decision; configuration reaches the orchestrator only here.</param>
public sealed record ModelVersionWorkflowInput(string Model, string Version, int Attempt, TimeSpan ApprovalTimeout);
