using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Storage.Blobs;

/// <summary>Uploads in the <c>models</c> container and their tested copies in the <c>vault</c> container.</summary>
public sealed class BlobArtifactStore(BlobServiceClient service) : IArtifactStore
{
    private readonly BlobContainerClient uploads = service.GetBlobContainerClient(StorageNames.ModelsContainer);
    private readonly BlobContainerClient vault = service.GetBlobContainerClient(StorageNames.VaultContainer);

    /// <inheritdoc />
    public async Task<ArtifactProperties?> GetPropertiesAsync(string uploadPath, CancellationToken cancellationToken)
    {
        try
        {
            BlobProperties properties = await uploads.GetBlobClient(uploadPath).GetPropertiesAsync(cancellationToken: cancellationToken);
            return new ArtifactProperties(
                properties.ContentLength,
                UploadETags.Of(properties.ETag),
                new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase))
            {
                CreatedOn = properties.CreatedOn,
            };
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UploadedFile>> ListUploadsAsync(string prefix, CancellationToken cancellationToken)
    {
        var found = new List<UploadedFile>();
        // The listing answers what a HEAD of each would (length, ETag, creation time and, asked for, metadata).
        await foreach (var blob in uploads.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken))
        {
            var properties = new ArtifactProperties(
                blob.Properties.ContentLength ?? 0,
                UploadETags.Of(blob.Properties.ETag),
                new Dictionary<string, string>(blob.Metadata ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase))
            {
                CreatedOn = blob.Properties.CreatedOn,
            };
            found.Add(new UploadedFile(blob.Name, properties));
        }

        return found;
    }

    /// <inheritdoc />
    public async Task<VaultCopy?> CopyToVaultAsync(string model, string uploadPath, string uploadETag, long maxBytes, CancellationToken cancellationToken)
    {
        var upload = uploads.GetBlobClient(uploadPath);
        var unchanged = new BlobRequestConditions { IfMatch = new ETag(uploadETag) };
        try
        {
            // The copy is named by its content, which a first read measures. An upload of at most VaultCopy.KeptBytes is
            // kept from that read and written from memory: the bytes hashed are the bytes copied. A larger one is
            // read a second time, hashed as it is written, and only a copy whose digest matches its name is kept.
            string expected;
            ReadOnlyMemory<byte>? whole;
            long length;
            using (var first = await OpenAsync(upload, unchanged, cancellationToken))
            {
                length = first.Details.ContentLength;
                if (length == 0 || length > maxBytes)
                {
                    // Refused on its length alone, before a byte of it is read.
                    return new VaultCopy(length, null, null);
                }

                (_, expected, whole) = await ArtifactHasher.MeasureAndKeepAsync(first.Content, VaultCopy.KeptBytes, cancellationToken);
            }

            var vaultPath = $"{model}/{expected}";
            var copy = vault.GetBlobClient(vaultPath);
            await Provisioning.EnsureAsync(vault, cancellationToken);
            var written = new BlobUploadOptions
            {
                // Write-once: a copy that exists holds these bytes already (its name is their digest).
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = new Dictionary<string, string> { ["sha256"] = expected, ["source"] = Uri.EscapeDataString(uploadPath) },
            };
            if (whole is { } kept)
            {
                // Written from memory while the caller goes on (its checks load these bytes); Stored says when it is done.
                var stored = WriteOnceAsync(copy, () => copy.UploadAsync(new BinaryData(kept), written, cancellationToken), cancellationToken);
                return new VaultCopy(length, new ArtifactFingerprint(kept.Length, expected, vaultPath), kept) { Stored = stored };
            }

            using var second = await OpenAsync(upload, unchanged, cancellationToken);
            using var hashing = new HashingStream(second.Content);
            if (await WriteOnceAsync(copy, () => copy.UploadAsync(hashing, written, cancellationToken), cancellationToken) is { } existing)
            {
                return new VaultCopy(length, new ArtifactFingerprint(existing.ContentLength, expected, vaultPath), null);
            }

            if (hashing.Sha256() != expected)
            {
                await copy.DeleteIfExistsAsync(cancellationToken: cancellationToken);
                return null;
            }

            return new VaultCopy(length, new ArtifactFingerprint(hashing.BytesRead, expected, vaultPath), null);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone, or overwritten since it was registered: not the bytes the registry recorded.
            return null;
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string vaultPath, CancellationToken cancellationToken) =>
        BlobStreams.OpenReadOrNullAsync(vault.GetBlobClient(vaultPath), cancellationToken);

    /// <inheritdoc />
    public async Task PurgeAsync(string vaultPath, PurgeMode mode, CancellationToken cancellationToken)
    {
        var blob = vault.GetBlobClient(vaultPath);
        try
        {
            if (mode == PurgeMode.ArchiveTier)
            {
                await blob.SetAccessTierAsync(AccessTier.Archive, cancellationToken: cancellationToken);
            }
            else
            {
                await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: the purge is done.
        }
    }

    /// <inheritdoc />
    public Uri GetUri(string vaultPath) => vault.GetBlobClient(vaultPath).Uri;

    // Writes a copy that must not exist yet; returns the copy that exists already, if one does (then nothing was written).
    private static async Task<BlobProperties?> WriteOnceAsync(BlobClient copy, Func<Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write();
            return null;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A single put answers 409 and a block list commit 412 when the copy exists; the source
            // changing mid-copy is also a 412, and then there is no copy to find.
            var existing = await ExistsAsync(copy, cancellationToken);
            if (existing is null)
            {
                throw;
            }

            return existing;
        }
    }

    private static async Task<BlobProperties?> ExistsAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static Task<BlobDownloadStreamingResult> OpenAsync(BlobClient blob, BlobRequestConditions conditions, CancellationToken cancellationToken) =>
        BlobStreams.DownloadAsync(blob, conditions, cancellationToken);
}
