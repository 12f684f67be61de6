namespace Pipeline.Core.Uploads;

/// <summary>Issues the write-only URLs of upload intents (in Azure Storage, a shared access signature).</summary>
public interface IUploadUrlIssuer
{
    /// <summary>
    /// A URL that can create and write the blob <paramref name="blobPath"/> in the models container, and nothing
    /// else (no read, list or delete, no other blob), until <paramref name="expiresAt"/>.
    /// </summary>
    Task<Uri> IssueWriteOnlyUrlAsync(string blobPath, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
