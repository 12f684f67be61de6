using Pipeline.Core.Lifecycle;

namespace Pipeline.Core.Registry;

/// <summary>One line of a model's append-only audit trail.</summary>
public sealed record HistoryEntry
{
    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary>The version that changed, or null for a change to the model itself (its policy).</summary>
    public required string? Version { get; init; }

    /// <summary>What happened, in one word (registered, testsStarted, testsPassed, testsFailed, promoted, promotionRefused, archived, rejected, approvalExpired, rolledBack, purged, policyChanged).</summary>
    public required string Action { get; init; }

    /// <summary>The state before, or null for a registration.</summary>
    public VersionState? From { get; init; }

    /// <summary>The state after, or null for a change to the model itself.</summary>
    public required VersionState? To { get; init; }

    /// <summary>Who caused it: a person's name from the identity provider, or <c>system</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>Why, in the actor's words or the pipeline's.</summary>
    public string? Reason { get; init; }

    /// <summary>The orchestration that made the change, if one did.</summary>
    public string? OrchestrationId { get; init; }
}
