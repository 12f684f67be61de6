namespace Pipeline.Core.Errors;

/// <summary>A request body is larger than the endpoint accepts.</summary>
public sealed class RequestTooLargeException : PipelineException
{
    /// <summary>Creates the exception naming the limit.</summary>
    public RequestTooLargeException(long limitBytes)
        : base($"The request body is larger than {limitBytes} bytes.")
    {
        LimitBytes = limitBytes;
    }

    /// <summary>The largest body accepted.</summary>
    public long LimitBytes { get; }
}
