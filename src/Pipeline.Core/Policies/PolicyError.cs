namespace Pipeline.Core.Policies;

/// <summary>One invalid field of a policy document.</summary>
/// <param name="Field">A JSON-path-like name of the field (<c>evaluation.task</c>, <c>thresholds.accuracy.min</c>); <c>$</c> for the whole document.</param>
/// <param name="Message">What is wrong with it, in words the policy's author can act on.</param>
public sealed record PolicyError(string Field, string Message);
