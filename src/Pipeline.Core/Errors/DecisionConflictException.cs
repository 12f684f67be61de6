using System.Globalization;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Errors;

/// <summary>The version's round was already decided by another decision, which stands.</summary>
/// <param name="model">The model.</param>
/// <param name="version">The version.</param>
/// <param name="winner">The decision that settled the round.</param>
/// <param name="current">The version's state now (still AwaitingApproval, or what the decision led to).</param>
public sealed class DecisionConflictException(string model, string version, RecordedDecision winner, Lifecycle.VersionState current)
    : PipelineException(string.Create(
        CultureInfo.InvariantCulture,
        $"Version '{version}' of model '{model}' was already {winner.Verb} by '{winner.Actor}' at {winner.At:u} in round {winner.Attempt}; that decision stands, and this one was not recorded."))
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The version.</summary>
    public string Version { get; } = version;

    /// <summary>The decision that won.</summary>
    public RecordedDecision Winner { get; } = winner;

    /// <summary>The version's state now.</summary>
    public Lifecycle.VersionState Current { get; } = current;
}
