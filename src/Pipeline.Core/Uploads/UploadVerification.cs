using Pipeline.Core.Naming;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Uploads;

/// <summary>
/// Who uploaded a blob, as registration records it: the caller whose upload intent covers the blob (verified),
/// else whoever the blob's <c>uploadedby</c> metadata names (claimed, unverified); and whether the model's policy
/// lets a blob without an intent in at all.
/// </summary>
public sealed class UploadVerification(IUploadIntentStore intents, IPolicyStore policies)
{
    /// <summary>
    /// The uploader of <paramref name="path"/>: verified when the version's upload intent is for this blob and the
    /// blob was created within the intent's window; otherwise the claim of its metadata; null when neither names one.
    /// </summary>
    public async Task<Uploader?> IdentifyAsync(ArtifactPath path, ArtifactProperties properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.CreatedOn is { } createdOn
            && await intents.FindAsync(path.Key.Model, path.Key.Version, cancellationToken) is { } intent
            && intent.Covers(path.BlobName, createdOn))
        {
            return new Uploader(intent.CallerId, intent.CallerName, Verified: true);
        }

        return properties.Metadata.TryGetValue(ModelVersion.UploadedByMetadata, out var claimed) && !string.IsNullOrWhiteSpace(claimed)
            ? new Uploader(null, claimed.Trim(), Verified: false)
            : null;
    }

    /// <summary>
    /// Whether the upload of a blob by <paramref name="uploader"/> to <paramref name="model"/> must be refused: a policy
    /// with <see cref="ModelPolicy.RequireUploadIntent"/> refuses every upload that is not verified. A model without a
    /// policy (not created yet) has the default policy, which requires nothing.
    /// </summary>
    public async Task<bool> RefusesAsync(string model, Uploader? uploader, CancellationToken cancellationToken)
    {
        if (uploader is { Verified: true })
        {
            return false;
        }

        var policy = await policies.FindAsync(model, cancellationToken) ?? ModelPolicy.Default;
        return policy.RequireUploadIntent;
    }

    /// <summary>Why an upload <see cref="RefusesAsync"/> refuses was not registered, and what to do instead.</summary>
    public static string ExplainRefusal(ArtifactPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (model, version) = (path.Key.Model, path.Key.Version);
        return $"Model '{model}' takes uploads through an upload intent only (its policy sets requireUploadIntent), and no intent covers this blob: none was asked for it, or it was written outside the intent's time. Ask for an upload intent (POST /api/models/{model}/versions/{version}/uploads with {{\"fileName\": \"{path.FileName}\"}}) and upload the file again to the URL it gives.";
    }
}
