namespace Pipeline.Workflow;

/// <summary>Names of the external events the orchestration waits for.</summary>
public static class WorkflowEvents
{
    /// <summary>A human decision; the payload is a <see cref="Core.Registry.PromotionDecision"/>.</summary>
    public const string Decision = "PromotionDecision";
}
