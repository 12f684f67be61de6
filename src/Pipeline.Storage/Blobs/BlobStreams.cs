using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Storage.Blobs;

/// <summary>How the pipeline reads blobs it processes: streaming, and never a mix of two versions.</summary>
internal static class BlobStreams
{
    /// <summary>Opens the blob for a streaming read, or returns null when it does not exist.</summary>
    public static async Task<Stream?> OpenReadOrNullAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenReadAsync(blob, conditions: null, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens the blob for a streaming read under <paramref name="conditions"/>: one GET, where <c>OpenReadAsync</c> sends a
    /// HEAD first. A read cut off is resumed by the SDK with the first answer's ETag as its condition, so a blob overwritten
    /// mid-read fails the read rather than mixing two contents.
    /// </summary>
    public static async Task<Stream> OpenReadAsync(BlobClient blob, BlobRequestConditions? conditions, CancellationToken cancellationToken) =>
        (await DownloadAsync(blob, conditions, cancellationToken)).Content;

    /// <summary>As <see cref="OpenReadAsync(BlobClient, BlobRequestConditions?, CancellationToken)"/>, with the answer's details (its length, ETag).</summary>
    public static async Task<BlobDownloadStreamingResult> DownloadAsync(BlobClient blob, BlobRequestConditions? conditions, CancellationToken cancellationToken) =>
        await blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken);
}
