namespace Pipeline.Core.Errors;

/// <summary>A conditional write lost a race; the caller re-reads and decides again.</summary>
public sealed class ConcurrencyConflictException : PipelineException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
