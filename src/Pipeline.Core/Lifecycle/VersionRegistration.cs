using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Uploads;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// Turns an upload into a new version. The registry's add is the one decision: a second event for the
/// same upload adds nothing, and says whether it was the same artifact or another. Who uploaded it is recorded
/// as <see cref="UploadVerification"/> finds: verified through an upload intent, or claimed by its metadata.
/// </summary>
public sealed class VersionRegistration(
    IRegistryStore store, IArtifactStore artifacts, TimeProvider clock, UploadVerification uploaders, RecentVersions? recent = null)
{
    /// <summary>
    /// Registers an upload as a new version, or says why it did not. When several files arrive in one
    /// version folder, the version's artifact is the one created first (then the first by name), whichever
    /// file's event comes first; the others are another artifact in the version. A file the model's policy refuses
    /// (no upload intent covers it) is never the version's artifact.
    /// </summary>
    public async Task<Registration> RegisterAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);

        // Every read a new upload needs, at once rather than one after another: the folder (whose listing answers the
        // blob's properties too), the terms it is judged by and the model row (whose counter numbers the version). Not the
        // version: the add below is refused for one that exists, and says so; only a folder of several files asks first.
        var folderTask = artifacts.ListUploadsAsync(FolderOf(path), cancellationToken);
        var termsTask = uploaders.ReadTermsAsync(path, cancellationToken);
        var modelTask = store.FindModelAsync(path.Key.Model, cancellationToken);
        await Task.WhenAll(folderTask, termsTask, modelTask);
        var folder = await folderTask;
        if (FirstIn(folder) is { } first && first.BlobName != path.BlobName
            && await store.FindVersionAsync(path.Key.Model, path.Key.Version, cancellationToken) is null)
        {
            var registered = await RegisterAsync(first, cancellationToken);
            // A file the policy refuses never becomes the version's artifact, however early it came: this one may still.
            if (registered.Outcome != RegistrationOutcome.IntentRequired)
            {
                return registered.Version is null ? registered : new Registration(RegistrationOutcome.OtherArtifactInVersion, registered.Version);
            }

            // The first file's registration read the same rows again, and may have written the model row since.
            modelTask = store.FindModelAsync(path.Key.Model, cancellationToken);
        }

        var properties = folder.FirstOrDefault(u => u.BlobName == path.BlobName)?.Properties;
        if (properties is null)
        {
            return new Registration(RegistrationOutcome.ArtifactMissing, null);
        }

        var terms = await termsTask;
        var uploader = UploadVerification.Identify(path, properties, terms);
        if (UploadVerification.Refuses(uploader, terms))
        {
            // Only a new version is refused: one registered before the policy asked for intents stays as it is.
            return await store.FindVersionAsync(path.Key.Model, path.Key.Version, cancellationToken) is { } registered
                ? new Registration(OutcomeFor(registered, path, properties.ETag), registered)
                : new Registration(RegistrationOutcome.IntentRequired, null);
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
            UploadedBy = uploader,
            RegisteredAt = now,
            UpdatedAt = now,
        };
        var entry = HistoryEntry.ForRegistration(version, uploader?.Name ?? HistoryEntry.SystemActor, Describe(path, properties, uploader));

        // The model row read above guards the counter: if it changed since, the add reads it again.
        if (await store.TryAddVersionAsync(version, entry, await modelTask, cancellationToken) is { } added)
        {
            // Its round's first step, most often on this node a moment later, starts from the row as added.
            recent?.Remember(added);
            Diagnostics.PipelineTelemetry.VersionsRegistered.Add(1, new KeyValuePair<string, object?>(Diagnostics.PipelineTelemetry.Attributes.Model, version.Model));
            return new Registration(RegistrationOutcome.Registered, added);
        }

        var existing = await store.FindVersionAsync(version.Model, version.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Version {path.Key} was reported as existing but cannot be read.");
        return new Registration(OutcomeFor(existing, path, properties.ETag), existing);
    }

    /// <summary>
    /// Until when a watcher that sees the blob <paramref name="path"/> at <paramref name="etag"/> again need not hand it
    /// on (one read): for good (<see cref="DateTimeOffset.MaxValue"/>) once it is its version's artifact and that
    /// version's first round has begun; while the version is still <see cref="VersionState.Registered"/>, until
    /// <paramref name="grace"/> after its registration (whoever registered it is starting its round, and one that
    /// stopped half way is taken up after that); null when it is to be handed on now.
    /// </summary>
    public async Task<DateTimeOffset?> SettledUntilAsync(ArtifactPath path, string etag, TimeSpan grace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (await store.FindVersionAsync(path.Key.Model, path.Key.Version, cancellationToken) is not { } version
            || OutcomeFor(version, path, etag) != RegistrationOutcome.AlreadyRegistered)
        {
            return null;
        }

        if (version.State != VersionState.Registered)
        {
            return DateTimeOffset.MaxValue;
        }

        var until = version.RegisteredAt + grace;
        return until > clock.GetUtcNow() ? until : null;
    }

    /// <summary>What an upload is to the version registered before it: the same artifact, the same one changed, or another.</summary>
    private static RegistrationOutcome OutcomeFor(ModelVersion existing, ArtifactPath path, string etag) =>
        existing.ArtifactPath != path.BlobName ? RegistrationOutcome.OtherArtifactInVersion
        : existing.BlobETag != etag ? RegistrationOutcome.ArtifactOverwritten
        : RegistrationOutcome.AlreadyRegistered;

    private static string Describe(ArtifactPath path, ArtifactProperties properties, Uploader? uploader)
    {
        var uploaded = $"Uploaded as '{path.BlobName}' ({properties.SizeBytes} bytes)";
        return uploader switch
        {
            { Verified: true } => $"{uploaded} through the upload intent of '{uploader.Name}' (verified uploader).",
            { } => $"{uploaded}; its metadata names '{uploader.Name}' as the uploader (claimed, not verified).",
            null => $"{uploaded}.",
        };
    }

    private static string FolderOf(ArtifactPath path) => $"{path.Key.Model}/{path.Key.Version}/";

    private static ArtifactPath? FirstIn(IReadOnlyList<UploadedFile> uploads)
    {
        var first = uploads
            .Select(u => (Upload: u, Path: ArtifactPath.TryParse(u.BlobName)))
            .Where(u => u.Path is not null)
            .OrderBy(u => u.Upload.CreatedOn)
            .ThenBy(u => u.Upload.BlobName, StringComparer.Ordinal)
            .FirstOrDefault();
        return first.Path;
    }
}
