namespace Pipeline.Workflow;

/// <summary>Names of the external events the orchestration waits for.</summary>
public static class WorkflowEvents
{
    /// <summary>A decision was recorded that settles the round; the payload is a <see cref="DecisionSignal"/>.</summary>
    public const string Decision = "PromotionDecision";
}
