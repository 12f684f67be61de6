namespace Pipeline.Core.Registry;

/// <summary>Uploads that were not registered, and why, so nothing is silently dropped.</summary>
public interface IUploadLog
{
    /// <summary>Records (or refreshes) a rejected upload.</summary>
    Task RecordRejectedAsync(RejectedUpload upload, CancellationToken cancellationToken);

    /// <summary>Lists the rejected uploads, newest first.</summary>
    Task<IReadOnlyList<RejectedUpload>> ListRejectedAsync(CancellationToken cancellationToken);
}

/// <summary>An upload that was left untouched and unregistered.</summary>
/// <param name="BlobName">The blob as uploaded.</param>
/// <param name="Reason">Why it was not registered.</param>
/// <param name="SeenAt">When the pipeline saw it.</param>
public sealed record RejectedUpload(string BlobName, string Reason, DateTimeOffset SeenAt);
