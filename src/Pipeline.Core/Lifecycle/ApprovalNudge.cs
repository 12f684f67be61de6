namespace Pipeline.Core.Lifecycle;

/// <summary>A reminder, or the escalation, of a version still waiting for a decision.</summary>
/// <param name="At">When it goes out (UTC).</param>
/// <param name="Escalation">True for the escalation, false for a reminder.</param>
/// <param name="Number">Which reminder (1, 2, …) of <paramref name="Of"/>; 1 of 1 for the escalation.</param>
/// <param name="Of">How many reminders there are.</param>
/// <param name="To">Who the escalation is addressed to; empty for a reminder.</param>
public sealed record ApprovalNudge(DateTime At, bool Escalation, int Number, int Of, IReadOnlyList<string> To);
