namespace Pipeline.Core.Events;

/// <summary>The delivery of one event to one subscriber, attempt by attempt.</summary>
/// <param name="Subscriber">The subscription's name (<c>webhook-0</c>, …).</param>
/// <param name="Status">Where it is.</param>
/// <param name="Attempts">How many times it was sent.</param>
/// <param name="NextAttemptAt">When it is tried next, while pending.</param>
/// <param name="LastAttemptAt">When it was last sent.</param>
/// <param name="LastResult">What the last attempt got: <c>200</c>, <c>500</c>, or the error.</param>
public sealed record EventDelivery(
    string Subscriber,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    string? LastResult);
