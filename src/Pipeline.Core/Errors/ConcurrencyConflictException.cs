namespace Pipeline.Core.Errors;

/// <summary>A conditional write lost a race; the caller re-reads and decides again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception innerException)
    : PipelineException(message, innerException);
