using System.Globalization;

namespace Pipeline.Core.Errors;

/// <summary>A decision came after the round's approval deadline; the wait is over (or about to be marked so).</summary>
/// <param name="model">The model.</param>
/// <param name="version">The version.</param>
/// <param name="deadline">When the wait ended.</param>
public sealed class ApprovalDeadlinePassedException(string model, string version, DateTimeOffset deadline)
    : PipelineException(string.Create(
        CultureInfo.InvariantCulture,
        $"The approval deadline of version '{version}' of model '{model}' passed at {deadline:u}; the decision was not recorded. Retest the version to wait for a decision again."))
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The version.</summary>
    public string Version { get; } = version;

    /// <summary>When the wait ended.</summary>
    public DateTimeOffset Deadline { get; } = deadline;
}
