using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Blobs;

/// <summary>Model artifacts in the <c>models</c> blob container.</summary>
public sealed class BlobArtifactStore(BlobServiceClient service) : IArtifactStore
{
    private readonly BlobContainerClient container = service.GetBlobContainerClient(StorageNames.ModelsContainer);

    /// <inheritdoc />
    public async Task<ArtifactProperties?> GetPropertiesAsync(string artifactPath, CancellationToken cancellationToken)
    {
        try
        {
            BlobProperties properties = await container.GetBlobClient(artifactPath).GetPropertiesAsync(cancellationToken: cancellationToken);
            return new ArtifactProperties(
                properties.ContentLength,
                properties.ETag.ToString(),
                new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string artifactPath, CancellationToken cancellationToken) =>
        BlobStreams.OpenReadOrNullAsync(container.GetBlobClient(artifactPath), cancellationToken);

    /// <inheritdoc />
    public async Task PurgeAsync(string artifactPath, PurgeMode mode, CancellationToken cancellationToken)
    {
        var blob = container.GetBlobClient(artifactPath);
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
    public Uri GetUri(string artifactPath) => container.GetBlobClient(artifactPath).Uri;
}
