namespace Pipeline.Core.Errors;

/// <summary>
/// A promotion or rejection was asked for a round that has no such decision on record: only a decision
/// recorded through the API moves a version out of AwaitingApproval, whatever reached the workflow.
/// </summary>
/// <param name="model">The model.</param>
/// <param name="version">The version.</param>
/// <param name="attempt">The round.</param>
/// <param name="approval">True when an approval was missing, false for a rejection.</param>
public sealed class NoRecordedDecisionException(string model, string version, int attempt, bool approval)
    : PipelineException($"Version '{version}' of model '{model}' has no recorded {(approval ? "approval" : "rejection")} for round {attempt}; it stays as it is.");
