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
            // allowModifications: false makes a read fail, rather than mix contents, if the blob is overwritten mid-read.
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 4 << 20 }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
