using Pipeline.Core.Access;
using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Uploads;

/// <summary>
/// Gives upload intents: a verified caller asks to upload one version's artifact and gets a write-only URL
/// for that one blob, minutes long; the intent recorded with it is how registration later knows who uploaded
/// the blob (see <see cref="UploadVerification"/>).
/// </summary>
public sealed class UploadIntents(
    IRegistryStore registry, IUploadIntentStore intents, IUploadUrlIssuer urls, UploadIntentOptions options, TimeProvider clock)
{
    // Each lost race means another writer saved an intent, which the next read sees and decides on.
    private const int MaxAttempts = 8;

    /// <summary>
    /// Records that <paramref name="caller"/> is uploading <paramref name="path"/> and returns the URL to upload it
    /// through. The same caller asking again while its intent is open gets a fresh URL (and a later expiry).
    /// </summary>
    /// <exception cref="VersionStateConflictException">The version is registered already.</exception>
    /// <exception cref="UploadIntentHeldException">Another caller holds an open intent for the version.</exception>
    /// <exception cref="ConcurrencyConflictException">The intent kept changing under this request.</exception>
    public async Task<IssuedUploadIntent> CreateAsync(ArtifactPath path, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(caller);
        var (model, version) = (path.Key.Model, path.Key.Version);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await registry.FindVersionAsync(model, version, cancellationToken) is { } registered)
            {
                throw new VersionStateConflictException(
                    model, version, "upload", registered.State, $"It is registered with '{registered.ArtifactPath}'; a version holds one artifact: upload this one as a new version.");
            }

            var now = clock.GetUtcNow();
            var held = await intents.FindAsync(model, version, cancellationToken);
            var open = held is not null && held.IsOpenAt(now);
            if (open && !string.Equals(held!.CallerId, caller.Id, StringComparison.Ordinal))
            {
                throw new UploadIntentHeldException(model, version, held.ExpiresAt);
            }

            // Asking again for the same blob keeps the window's start: a blob written through the first URL still counts.
            var createdAt = open && held!.BlobPath == path.BlobName ? held.CreatedAt : now;
            var intent = new UploadIntent(model, version, path.BlobName, caller.Id, caller.Name, createdAt, now + options.Lifetime);
            if (await intents.TrySaveAsync(intent, held?.ConcurrencyToken, cancellationToken))
            {
                var url = await urls.IssueWriteOnlyUrlAsync(path.BlobName, intent.ExpiresAt, cancellationToken);
                return new IssuedUploadIntent(url, path.BlobName, intent.ExpiresAt);
            }
        }

        throw new ConcurrencyConflictException(
            $"The upload intent of version '{version}' of model '{model}' kept changing while it was asked for; ask again.",
            new InvalidOperationException($"{MaxAttempts} conditional writes of the intent lost their race."));
    }
}
