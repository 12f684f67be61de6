using Pipeline.Core.Staging;

namespace Pipeline.Core.Registry;

/// <summary>
/// Where artifacts live: uploads, where anyone with upload rights may write, and the vault, a
/// write-once, content-addressed copy (<c>{model}/{sha256}</c>) that only the pipeline writes. The
/// bytes a version is tested on are the vault's, and so are the bytes production serves.
/// </summary>
public interface IArtifactStore
{
    /// <summary>An upload's properties, or null when it does not exist.</summary>
    Task<ArtifactProperties?> GetPropertiesAsync(string uploadPath, CancellationToken cancellationToken);

    /// <summary>The uploads whose names start with <paramref name="prefix"/>, each with its properties (one listing, no read of each).</summary>
    Task<IReadOnlyList<UploadedFile>> ListUploadsAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Copies an upload into the vault, hashing the bytes as they are copied, unless the vault holds
    /// them already; copies nothing when the upload is empty or longer than <paramref name="maxBytes"/>,
    /// which its read says before any byte is read. Returns what came of it, or null when the upload is
    /// gone or is no longer the version <paramref name="uploadETag"/> names. The write of a copy whose bytes are kept
    /// (<see cref="Staging.VaultCopy.Content"/>) may still be under way: <see cref="Staging.VaultCopy.Stored"/> says when it is done.
    /// </summary>
    Task<VaultCopy?> CopyToVaultAsync(string model, string uploadPath, string uploadETag, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Opens a vault copy for a streaming read, or returns null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string vaultPath, CancellationToken cancellationToken);

    /// <summary>Deletes a vault copy or moves it to the archive access tier; a copy already gone is success.</summary>
    Task PurgeAsync(string vaultPath, Policies.PurgeMode mode, CancellationToken cancellationToken);

    /// <summary>The address a serving system reads a vault copy from.</summary>
    Uri GetUri(string vaultPath);
}

/// <summary>One upload, as a listing sees it.</summary>
/// <param name="BlobName">Its name.</param>
/// <param name="Properties">Its length, ETag, metadata and creation time, as the listing answered them.</param>
public sealed record UploadedFile(string BlobName, ArtifactProperties Properties)
{
    /// <summary>When it was created (for a block blob, when it was first committed); the latest possible when the store does not say.</summary>
    public DateTimeOffset CreatedOn => Properties.CreatedOn ?? DateTimeOffset.MaxValue;
}

/// <summary>What the store knows of an artifact without reading it.</summary>
/// <param name="SizeBytes">Its length.</param>
/// <param name="ETag">Its current ETag.</param>
/// <param name="Metadata">Its metadata.</param>
public sealed record ArtifactProperties(long SizeBytes, string ETag, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>When the blob was created, when the store says (it decides whether an upload intent covers it).</summary>
    public DateTimeOffset? CreatedOn { get; init; }
}
