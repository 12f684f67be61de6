namespace Pipeline.Core.Events;

/// <summary>An event in the outbox, with its deliveries.</summary>
public sealed record OutboxEntry
{
    /// <summary>The event.</summary>
    public required PipelineEvent Event { get; init; }

    /// <summary>Orders the model's events: the outbox hands them out in this order.</summary>
    public required string Position { get; init; }

    /// <summary>One delivery per subscriber it goes to; null until the dispatcher first sees it and picks them.</summary>
    public IReadOnlyList<EventDelivery>? Deliveries { get; init; }

    /// <summary>True while a delivery may still be tried (or none has been picked yet).</summary>
    public bool Pending => Deliveries is null || Deliveries.Any(d => d.Status == DeliveryStatus.Pending);

    /// <summary>The store's concurrency token of the read; guards the next write.</summary>
    public string? ConcurrencyToken { get; init; }
}
