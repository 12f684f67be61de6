namespace Pipeline.Core.Events;

/// <summary>
/// Who takes the pipeline's events, as configured. An event of a type nobody takes is written already settled (no
/// deliveries, not pending), so the dispatcher neither looks for it nor rewrites it.
/// </summary>
public interface IEventSubscribers
{
    /// <summary>Whether any subscriber takes events of <paramref name="type"/>.</summary>
    bool AnyFor(PipelineEventType type);
}
