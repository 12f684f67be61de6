namespace Pipeline.Core.Errors;

/// <summary>A request body is larger than the endpoint accepts.</summary>
public sealed class RequestTooLargeException(long limitBytes)
    : PipelineException($"The request body is larger than {limitBytes} bytes.")
{
    /// <summary>The largest body accepted.</summary>
    public long LimitBytes { get; } = limitBytes;
}
