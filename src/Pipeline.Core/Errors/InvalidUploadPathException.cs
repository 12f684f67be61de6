namespace Pipeline.Core.Errors;

/// <summary>An uploaded blob's path breaks the <c>{model}/{version}/{file}</c> rules.</summary>
public sealed class InvalidUploadPathException : PipelineException
{
    /// <summary>Creates the exception for the blob.</summary>
    public InvalidUploadPathException(string blobName, string reason)
        : base(reason)
    {
        BlobName = blobName;
    }

    /// <summary>The blob name as uploaded.</summary>
    public string BlobName { get; }
}
