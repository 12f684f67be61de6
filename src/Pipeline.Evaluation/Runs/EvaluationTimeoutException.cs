using System.Globalization;
using Pipeline.Core.Errors;

namespace Pipeline.Evaluation.Runs;

/// <summary>
/// An evaluation ran past its deadline. A fact about this dataset and model at this size, so staging records
/// a failed check instead of retrying the same work into the same limit.
/// </summary>
public sealed class EvaluationTimeoutException : PipelineException
{
    /// <summary>Creates the exception naming the deadline and how far the evaluation got.</summary>
    /// <param name="deadline">The time the evaluation was allowed.</param>
    /// <param name="rowsScored">How many rows had been scored when it stopped.</param>
    public EvaluationTimeoutException(TimeSpan deadline, long rowsScored)
        : base(Describe(deadline, rowsScored))
    {
        Deadline = deadline;
        RowsScored = rowsScored;
    }

    /// <summary>Creates the exception for a deadline that cancelled a read in progress.</summary>
    /// <param name="deadline">The time the evaluation was allowed.</param>
    /// <param name="rowsScored">How many rows had been scored when it stopped.</param>
    /// <param name="innerException">The cancellation that stopped the read.</param>
    public EvaluationTimeoutException(TimeSpan deadline, long rowsScored, Exception innerException)
        : base(Describe(deadline, rowsScored), innerException)
    {
        Deadline = deadline;
        RowsScored = rowsScored;
    }

    /// <summary>The time the evaluation was allowed.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>How many rows had been scored when the evaluation stopped.</summary>
    public long RowsScored { get; }

    private static string Describe(TimeSpan deadline, long rowsScored) => string.Create(
        CultureInfo.InvariantCulture,
        $"The evaluation did not finish within its deadline of {deadline.TotalSeconds:0.###} s; it stopped after scoring {rowsScored} rows. Evaluate on a smaller dataset or allow a longer deadline.");
}
