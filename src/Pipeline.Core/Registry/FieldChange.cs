namespace Pipeline.Core.Registry;

/// <summary>One field of a document that a <see cref="HistoryEntry"/> changed.</summary>
/// <param name="Field">A JSON-path-like name of the field (<c>evaluation.dataset</c>, <c>thresholds.accuracy.min</c>).</param>
/// <param name="Before">The field's JSON text before, or null when it was not set.</param>
/// <param name="After">The field's JSON text after, or null when it is no longer set.</param>
public sealed record FieldChange(string Field, string? Before, string? After);
