using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Pipeline.Cli.Uploads;

/// <summary>Writes a file through an upload intent's URL: a shared access signature that may create and write that one blob.</summary>
internal static class ArtifactUpload
{
    /// <summary>The block size unless <c>--block-size</c> says otherwise: a file up to this size goes in one request.</summary>
    public const long DefaultBlockSize = 4 * 1024 * 1024;

    /// <summary>The largest block a block blob takes.</summary>
    public const long MaxBlockSize = 4000L * 1024 * 1024;

    // Blocks in flight at once: enough to fill a link, few enough for a laptop's uplink and a 2-core machine.
    private const int Concurrency = 4;

    /// <summary>
    /// Uploads <paramref name="file"/> to <paramref name="uploadUrl"/>: in one request when it fits in one block,
    /// else in blocks of <paramref name="blockSize"/> bytes, <see cref="Concurrency"/> at a time, committed together
    /// at the end (so the pipeline never sees half a file). Bytes sent so far are reported to <paramref name="progress"/>.
    /// </summary>
    public static async Task UploadAsync(Uri uploadUrl, FileInfo file, long blockSize, IProgress<long> progress, CancellationToken cancellationToken)
    {
        var blob = new BlockBlobClient(uploadUrl);
        await using var content = file.OpenRead();
        await blob.UploadAsync(content, new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = blockSize,
                MaximumTransferSize = blockSize,
                MaximumConcurrency = Concurrency,
            },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            ProgressHandler = progress,
        }, cancellationToken);
    }
}
