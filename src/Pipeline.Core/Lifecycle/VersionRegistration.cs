using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// Turns an upload into a new version. The registry's add is the one decision: a second event for the
/// same upload adds nothing, and says whether it was the same artifact or another.
/// </summary>
public sealed class VersionRegistration(IRegistryStore store, IArtifactStore artifacts, TimeProvider clock)
{
    /// <summary>
    /// Registers an upload as a new version, or says why it did not. When several files arrive in one
    /// version folder, the version's artifact is the one created first (then the first by name), whichever
    /// file's event comes first; the others are another artifact in the version.
    /// </summary>
    public async Task<Registration> RegisterAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (await store.FindVersionAsync(path.Key.Model, path.Key.Version, cancellationToken) is null
            && await FirstInFolderAsync(path, cancellationToken) is { } first && first.BlobName != path.BlobName)
        {
            var registered = await RegisterAsync(first, cancellationToken);
            return registered.Version is null ? registered : new Registration(RegistrationOutcome.OtherArtifactInVersion, registered.Version);
        }

        var properties = await artifacts.GetPropertiesAsync(path.BlobName, cancellationToken);
        if (properties is null)
        {
            return new Registration(RegistrationOutcome.ArtifactMissing, null);
        }

        var now = clock.GetUtcNow();
        var version = new ModelVersion
        {
            Model = path.Key.Model,
            Version = path.Key.Version,
            State = VersionState.Registered,
            ArtifactPath = path.BlobName,
            SizeBytes = properties.SizeBytes,
            BlobETag = properties.ETag,
            Metadata = properties.Metadata,
            RegisteredAt = now,
            UpdatedAt = now,
        };
        var entry = HistoryEntry.ForRegistration(
            version,
            properties.Metadata.TryGetValue(ModelVersion.UploadedByMetadata, out var uploader) ? uploader : HistoryEntry.SystemActor,
            $"Uploaded as '{path.BlobName}' ({properties.SizeBytes} bytes).");

        if (await store.TryAddVersionAsync(version, entry, cancellationToken))
        {
            return new Registration(RegistrationOutcome.Registered, version);
        }

        var existing = await store.FindVersionAsync(version.Model, version.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Version {path.Key} was reported as existing but cannot be read.");
        var outcome = existing.ArtifactPath != path.BlobName ? RegistrationOutcome.OtherArtifactInVersion
            : existing.BlobETag != properties.ETag ? RegistrationOutcome.ArtifactOverwritten
            : RegistrationOutcome.AlreadyRegistered;
        return new Registration(outcome, existing);
    }

    private async Task<ArtifactPath?> FirstInFolderAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        var uploads = await artifacts.ListUploadsAsync($"{path.Key.Model}/{path.Key.Version}/", cancellationToken);
        var first = uploads
            .Select(u => (Upload: u, Path: ArtifactPath.TryParse(u.BlobName)))
            .Where(u => u.Path is not null)
            .OrderBy(u => u.Upload.CreatedOn)
            .ThenBy(u => u.Upload.BlobName, StringComparer.Ordinal)
            .FirstOrDefault();
        return first.Path;
    }
}
