namespace Pipeline.Core.Errors;

/// <summary>An uploaded blob's path breaks the <c>{model}/{version}/{file}</c> rules.</summary>
public sealed class InvalidUploadPathException(string blobName, string reason)
    : PipelineException(reason)
{
    /// <summary>The blob name as uploaded.</summary>
    public string BlobName { get; } = blobName;
}
