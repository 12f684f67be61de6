namespace Pipeline.Core.Lifecycle;

/// <summary>A round's wait for a decision, as the workflow times it: the deadline and what goes out before it.</summary>
/// <param name="DueAt">The deadline (UTC), the one the registry refuses decisions after.</param>
/// <param name="Nudges">The reminders and the escalation before it, in order.</param>
public sealed record ApprovalPlan(DateTime DueAt, IReadOnlyList<ApprovalNudge> Nudges);
