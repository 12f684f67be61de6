using System.Text.Json.Serialization;

namespace Pipeline.Core.Policies;

/// <summary>Who may approve a model's versions, and how many must.</summary>
/// <param name="Approvers">
/// The callers (names or stable ids) who may approve or reject, besides holding the Pipeline.Approver role;
/// null for every approver.
/// </param>
/// <param name="RequiredApprovals">How many distinct approvers must approve before a version is promoted (default 1).</param>
/// <param name="Timeout">How long a version waits for a decision (ISO 8601), overriding <c>Pipeline__ApprovalTimeout</c>.</param>
/// <param name="Reminders">When reminders go out, as durations after the wait began (ISO 8601), ascending.</param>
/// <param name="EscalateAfter">When the wait is escalated, after it began (ISO 8601).</param>
/// <param name="EscalateTo">Who the escalation names (people or addresses, carried in the event).</param>
public sealed record ApprovalPolicy(
    IReadOnlyList<string>? Approvers,
    int? RequiredApprovals,
    string? Timeout = null,
    IReadOnlyList<string>? Reminders = null,
    string? EscalateAfter = null,
    IReadOnlyList<string>? EscalateTo = null)
{
    /// <summary>The most reminders a policy may ask for.</summary>
    public const int MaxReminders = 10;

    /// <summary>The longest wait a policy may set.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(365);

    /// <summary>The most approvals a policy may require.</summary>
    public const int MaxRequiredApprovals = 10;

    /// <summary>The most names a list (approvers, owners) may hold.</summary>
    public const int MaxListed = 100;

    /// <summary>The approvals required, 1 when unset.</summary>
    [JsonIgnore]
    public int Required => RequiredApprovals ?? 1;

    /// <summary><see cref="Timeout"/> as a duration, or null when unset.</summary>
    [JsonIgnore]
    public TimeSpan? TimeoutSpan => Timeout is null ? null : IsoDuration.Parse(Timeout);

    /// <summary>
    /// The reminders and the escalation, as offsets from the start of the wait, in order; those at or after
    /// <paramref name="wait"/> (the wait is over by then) are left out.
    /// </summary>
    public IReadOnlyList<(TimeSpan After, bool Escalation)> NudgesWithin(TimeSpan wait) =>
        [.. (Reminders ?? []).Select(r => (IsoDuration.Parse(r), false))
            .Concat(EscalateAfter is null ? [] : [(IsoDuration.Parse(EscalateAfter), true)])
            .Where(n => n.Item1 < wait)
            .OrderBy(n => n.Item1)];
}
