using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Core.Errors;
using Pipeline.Core.Sources;

namespace Pipeline.Storage.Blobs;

/// <summary>
/// Source blobs in the app's own account, read with the app's client, and their copies into the <c>models</c> container.
/// The copy is streamed through the app (a conditional read, then a create-only upload) rather than done by the service's
/// Copy Blob: the same call works with the account key on Azurite and with the app's identity in Azure, a source changed
/// mid-copy fails the read instead of being mixed, and a failed copy leaves no blob (a failed or aborted service-side copy
/// leaves an empty destination blob, which the upload watcher would take for an upload).
/// </summary>
public sealed class BlobArtifactSources(BlobServiceClient service) : IArtifactSources
{
    // The Flex Consumption deployment package's container (infra/main.bicep): the app's code, never a model.
    private const string DeploymentContainer = "app-package";

    private readonly BlobContainerClient uploads = service.GetBlobContainerClient(StorageNames.ModelsContainer);

    /// <inheritdoc />
    public SourceStorageAccount Account { get; } = new(
        service.Uri,
        service.AccountName,
        new HashSet<string>(StringComparer.Ordinal)
        {
            StorageNames.ModelsContainer, StorageNames.VaultContainer, StorageNames.ReportsContainer, StorageNames.DatasetsContainer, DeploymentContainer,
        });

    /// <inheritdoc />
    public async Task<SourceBlob?> FindAsync(string container, string path, CancellationToken cancellationToken)
    {
        try
        {
            BlobProperties properties = await Blob(container, path).GetPropertiesAsync(cancellationToken: cancellationToken);
            // A hierarchical-namespace account (abfss) answers for a directory with an empty marker blob: a folder, not a file.
            if (properties.Metadata.TryGetValue("hdi_isfolder", out var folder) && string.Equals(folder, "true", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (properties.AccessTier == AccessTier.Archive.ToString())
            {
                throw new UnreadableSourceException($"The blob '{path}' in container '{container}' is in the archive access tier and cannot be read; rehydrate it first.");
            }

            return new SourceBlob(container, path, properties.ContentLength, properties.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 400)
        {
            throw new UnreadableSourceException($"Storage does not take '{path}' in container '{container}' as a blob name ({e.ErrorCode}).");
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            throw Refused(container, e);
        }
    }

    /// <inheritdoc />
    public async Task<bool> AnyUnderAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in service.GetBlobContainerClient(container)
                .GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AsPages(pageSizeHint: 1))
            {
                return page.Values.Count > 0;
            }

            return false;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403 or 400)
        {
            throw Refused(container, e);
        }
    }

    /// <inheritdoc />
    public async Task<string> ReadTextAsync(SourceBlob blob, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.SizeBytes > maxBytes)
        {
            throw new UnreadableSourceException($"The blob '{blob.Path}' in container '{blob.Container}' has {blob.SizeBytes} bytes; at most {maxBytes} are read.");
        }

        BinaryData content;
        try
        {
            content = (await Blob(blob.Container, blob.Path).DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(blob.ETag) } }, cancellationToken)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            throw Changed(blob);
        }
        catch (RequestFailedException e) when (e.Status is 401 or 403)
        {
            throw Refused(blob.Container, e);
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content.ToMemory().Span);
        }
        catch (DecoderFallbackException)
        {
            throw new UnreadableSourceException($"The blob '{blob.Path}' in container '{blob.Container}' is not UTF-8 text.");
        }
    }

    /// <inheritdoc />
    public async Task<string?> CopyAsync(SourceBlob blob, string uploadPath, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(metadata);
        var source = Blob(blob.Container, blob.Path);
        var copy = uploads.GetBlobClient(uploadPath);
        await Provisioning.EnsureAsync(uploads, cancellationToken);
        try
        {
            await using var read = await source.OpenReadAsync(
                new BlobOpenReadOptions(allowModifications: false)
                {
                    BufferSize = 4 << 20,
                    Conditions = new BlobRequestConditions { IfMatch = new ETag(blob.ETag) },
                },
                cancellationToken);
            // Create-only: the upload commits once, at the end, so a copy cut off by a failed read leaves no blob.
            var written = await copy.UploadAsync(
                read,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, Metadata = new Dictionary<string, string>(metadata) },
                cancellationToken);
            return written.Value.ETag.ToString();
        }
        catch (Exception e) when (e is RequestFailedException or IOException or AggregateException)
        {
            // Storage answers the same codes (404, 409, 412) for a source gone or changed mid-read and for the copy's name
            // taken, so the source is looked at again to tell them apart.
            if (await FindAsync(blob.Container, blob.Path, cancellationToken) is not { } now || now.ETag != blob.ETag)
            {
                throw Changed(blob);
            }

            if (e is RequestFailedException { Status: 409 or 412 } && (await copy.ExistsAsync(cancellationToken)).Value)
            {
                return null;
            }

            if (e is RequestFailedException { Status: 401 or 403 } refused)
            {
                throw Refused(blob.Container, refused);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task DeleteCopyAsync(string uploadPath, string eTag, CancellationToken cancellationToken)
    {
        try
        {
            await uploads.GetBlobClient(uploadPath).DeleteIfExistsAsync(
                DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = new ETag(eTag) }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // Replaced since: no longer the copy this call made, so not its to delete.
        }
    }

    private BlobClient Blob(string container, string path) => service.GetBlobContainerClient(container).GetBlobClient(path);

    private static UnreadableSourceException Changed(SourceBlob blob) => new(
        $"The blob '{blob.Path}' in container '{blob.Container}' was changed or deleted while it was being registered; register it again once it is written.");

    private static UnreadableSourceException Refused(string container, RequestFailedException e) => new(
        $"Storage refused the app reading container '{container}' ({e.Status} {e.ErrorCode}): grant the app's identity read access to it, or copy the model to a container it can read.");
}
