using Pipeline.Core.Lifecycle;

namespace Pipeline.Core.Registry;

/// <summary>One line of a model's append-only audit trail. Create new ones with the <c>For...</c> methods.</summary>
public sealed record HistoryEntry
{
    /// <summary>The actor recorded for changes the pipeline makes on its own.</summary>
    public const string SystemActor = "system";

    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary>The version that changed, or null for a change to the model itself (its policy).</summary>
    public required string? Version { get; init; }

    /// <summary>What happened.</summary>
    public required HistoryAction Action { get; init; }

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

    /// <summary>Who it was addressed to, for an escalation (the policy's <c>approval.escalateTo</c>); empty otherwise.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>The fields it changed, for a change to a document (a policy); empty otherwise.</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];

    /// <summary>The entry for a version just registered (or whose registration failed: <see cref="VersionState.RegistrationFailed"/>).</summary>
    /// <param name="registered">The new version.</param>
    /// <param name="actor">Who uploaded it.</param>
    /// <param name="reason">What was uploaded.</param>
    public static HistoryEntry ForRegistration(ModelVersion registered, string actor, string reason)
    {
        ArgumentNullException.ThrowIfNull(registered);
        var action = registered.State == VersionState.RegistrationFailed ? HistoryAction.RegistrationFailed : HistoryAction.Registered;
        return Create(registered.Model, registered.Version, action, null, registered.State, registered.RegisteredAt, actor, reason, null);
    }

    /// <summary>The entry for a version moving from its current state to <paramref name="to"/> (which may be the same state, as for a purge).</summary>
    /// <param name="action">What happened.</param>
    /// <param name="before">The version as it was before the change.</param>
    /// <param name="to">Its state after the change.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who caused it.</param>
    /// <param name="reason">Why.</param>
    /// <param name="orchestrationId">The orchestration that made the change, if one did.</param>
    public static HistoryEntry ForStateChange(
        HistoryAction action, ModelVersion before, VersionState to, DateTimeOffset at, string actor, string? reason, string? orchestrationId = null)
    {
        ArgumentNullException.ThrowIfNull(before);
        return Create(before.Model, before.Version, action, before.State, to, at, actor, reason, orchestrationId);
    }

    /// <summary>The entry for a replaced policy document.</summary>
    /// <param name="model">The model.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who replaced it.</param>
    /// <param name="summary">What the new policy does, in a sentence.</param>
    /// <param name="changes">The fields that changed.</param>
    public static HistoryEntry ForPolicyChange(string model, DateTimeOffset at, string actor, string summary, IReadOnlyList<FieldChange> changes) =>
        Create(model, null, HistoryAction.PolicyChanged, null, null, at, actor, summary, null) with { Changes = changes };

    private static HistoryEntry Create(
        string model, string? version, HistoryAction action, VersionState? from, VersionState? to, DateTimeOffset at, string actor, string? reason, string? orchestrationId) => new()
    {
        At = at,
        Model = model,
        Version = version,
        Action = action,
        From = from,
        To = to,
        Actor = actor,
        Reason = reason,
        OrchestrationId = orchestrationId,
    };
}
