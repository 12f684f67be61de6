using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// Turns an upload into a new version. The registry's add is the one decision: a second event for the
/// same upload adds nothing, and says whether it was the same artifact or another.
/// </summary>
public sealed class VersionRegistration(IRegistryStore store, IArtifactStore artifacts, TimeProvider clock)
{
    /// <summary>Registers an upload as a new version, or says why it did not.</summary>
    public async Task<Registration> RegisterAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
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
            properties.Metadata.TryGetValue("uploadedby", out var uploader) ? uploader : HistoryEntry.SystemActor,
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
}
