namespace Pipeline.Core.Errors;

/// <summary>The state of record cannot be reached: nothing can be read or decided until it can.</summary>
public sealed class StorageUnavailableException : PipelineException
{
    /// <summary>Creates the exception with what the probe saw.</summary>
    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
