namespace Pipeline.Workflow;

/// <summary>A reminder or the escalation, for the round it is about.</summary>
/// <param name="Round">The round.</param>
/// <param name="Nudge">What goes out.</param>
public sealed record ReminderInput(VersionRound Round, Core.Lifecycle.ApprovalNudge Nudge);
