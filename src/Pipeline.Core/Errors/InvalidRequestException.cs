namespace Pipeline.Core.Errors;

/// <summary>A request could not be understood (malformed body, invalid field).</summary>
public sealed class InvalidRequestException : PipelineException
{
    /// <summary>Creates the exception.</summary>
    public InvalidRequestException(string message)
        : base(message)
    {
    }
}
