namespace Pipeline.Core.Errors;

/// <summary>The base of every failure with a domain meaning; the edges map each kind to a response once.</summary>
public abstract class PipelineException : Exception
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    protected PipelineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    protected PipelineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
