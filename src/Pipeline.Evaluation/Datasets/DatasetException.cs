using Pipeline.Core.Errors;

namespace Pipeline.Evaluation.Datasets;

/// <summary>An evaluation dataset cannot be used: it is empty, malformed, or holds a value that is not what the task needs.</summary>
public sealed class DatasetException : PipelineException
{
    /// <summary>Creates the exception for a problem with the dataset as a whole.</summary>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception for a problem at one data row (and column, when known).</summary>
    /// <param name="message">What is wrong; it already names the row and column.</param>
    /// <param name="row">The data row, counted from 1 (the header is not a row).</param>
    /// <param name="column">The column's name, or null when the problem is the row as a whole.</param>
    /// <param name="line">The line of the file the row starts on, counted from 1, when the data came from a file.</param>
    public DatasetException(string message, long row, string? column = null, long? line = null)
        : base(message)
    {
        Row = row;
        Column = column;
        Line = line;
    }

    /// <summary>The data row, counted from 1 (the header is not a row), or null when the problem is not in one row.</summary>
    public long? Row { get; }

    /// <summary>The column's name, or null.</summary>
    public string? Column { get; }

    /// <summary>The line of the file the row starts on, counted from 1, or null.</summary>
    public long? Line { get; }
}
