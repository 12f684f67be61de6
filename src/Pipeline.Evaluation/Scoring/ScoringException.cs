using Pipeline.Core.Errors;

namespace Pipeline.Evaluation.Scoring;

/// <summary>
/// A loaded model cannot score the data as asked: the data has the wrong number of features, the
/// input or output cannot be found or chosen, or an output has a shape the task cannot read.
/// </summary>
public sealed class ScoringException : PipelineException
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    public ScoringException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the runtime's own error.</summary>
    public ScoringException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
