using Pipeline.Core.Errors;

namespace Pipeline.Evaluation.Metrics;

/// <summary>The model produced an output that cannot be scored (NaN, or infinite where a real number is needed).</summary>
/// <param name="message">What is wrong; it already names the row.</param>
/// <param name="row">The data row, counted from 1.</param>
public sealed class InvalidModelOutputException(string message, long row) : PipelineException(message)
{
    /// <summary>The data row, counted from 1.</summary>
    public long Row { get; } = row;
}
