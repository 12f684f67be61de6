namespace Pipeline.Core.Sources;

/// <summary>
/// Blobs in the app's storage account that versions are registered from, read with the app's identity, and their
/// copies into the uploads container. Which blobs may be read and what they are is decided by <see cref="SourceResolver"/>.
/// </summary>
public interface IArtifactSources
{
    /// <summary>The account the sources are in.</summary>
    SourceStorageAccount Account { get; }

    /// <summary>The blob <paramref name="path"/> in <paramref name="container"/>, or null when there is none (a folder is none).</summary>
    /// <exception cref="Errors.UnreadableSourceException">Storage refuses the app the blob, or it cannot be read as it is (archived).</exception>
    Task<SourceBlob?> FindAsync(string container, string path, CancellationToken cancellationToken);

    /// <summary>Whether any blob's name starts with <paramref name="prefix"/> in <paramref name="container"/>.</summary>
    /// <exception cref="Errors.UnreadableSourceException">Storage refuses the app the listing.</exception>
    Task<bool> AnyUnderAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>The content of <paramref name="blob"/>, as found, as text.</summary>
    /// <exception cref="Errors.UnreadableSourceException">It is larger than <paramref name="maxBytes"/>, not UTF-8, or changed or gone since it was found.</exception>
    Task<string> ReadTextAsync(SourceBlob blob, int maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Copies <paramref name="blob"/>, exactly as it was found, to <paramref name="uploadPath"/> in the uploads container with
    /// <paramref name="metadata"/>, creating it: the copy appears whole, with its metadata, or not at all.
    /// </summary>
    /// <returns>The copy's ETag; null when <paramref name="uploadPath"/> exists already (nothing is written then).</returns>
    /// <exception cref="Errors.UnreadableSourceException">The source changed or went away since it was found, or storage refuses reading it.</exception>
    Task<string?> CopyAsync(SourceBlob blob, string uploadPath, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken);

    /// <summary>Deletes the copy at <paramref name="uploadPath"/> if it is still the one with <paramref name="eTag"/>.</summary>
    Task DeleteCopyAsync(string uploadPath, string eTag, CancellationToken cancellationToken);
}
