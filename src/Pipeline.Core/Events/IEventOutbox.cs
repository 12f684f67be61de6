namespace Pipeline.Core.Events;

/// <summary>
/// The events waiting to go out. The registry store writes them, each in the transaction of the change
/// it reports; the dispatcher reads the pending ones and records each delivery attempt.
/// </summary>
public interface IEventOutbox
{
    /// <summary>Every event with a delivery still to try, across models, each model's in <see cref="OutboxEntry.Position"/> order.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListPendingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The events of one model (or of every model when null), oldest first, at most <paramref name="max"/>;
    /// with <paramref name="status"/>, only those with a delivery in that status.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string? model, DeliveryStatus? status, int max, CancellationToken cancellationToken);

    /// <summary>
    /// One page of the events of one model (or of every model when null), oldest first within a model and models by name;
    /// with <paramref name="status"/>, only those with a delivery in that status. <paramref name="after"/> is the previous
    /// page's <see cref="Registry.RowPage{T}.After"/>, or null.
    /// </summary>
    Task<Registry.RowPage<OutboxEntry>> ListAsync(string? model, DeliveryStatus? status, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Records the deliveries of an entry, guarded by its token.</summary>
    /// <exception cref="Errors.ConcurrencyConflictException">Another dispatcher recorded first.</exception>
    Task SaveAsync(OutboxEntry entry, CancellationToken cancellationToken);
}
