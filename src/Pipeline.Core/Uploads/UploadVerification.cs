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
    /// Reads what an upload to <paramref name="path"/> is judged by, both at once: the version's upload intent and the
    /// model's policy (<see cref="ModelPolicy.Default"/> for a model that has none, or does not exist yet).
    /// </summary>
    public async Task<UploadTerms> ReadTermsAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var intent = intents.FindAsync(path.Key.Model, path.Key.Version, cancellationToken);
        var policy = policies.FindAsync(path.Key.Model, cancellationToken);
        await Task.WhenAll(intent, policy);
        return new UploadTerms(await intent, await policy ?? ModelPolicy.Default);
    }

    /// <summary>
    /// The uploader of <paramref name="path"/>: verified when the version's upload intent is for this blob and the
    /// blob was created within the intent's window; otherwise the claim of its metadata; null when neither names one.
    /// </summary>
    public static Uploader? Identify(ArtifactPath path, ArtifactProperties properties, UploadTerms terms)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(terms);
        if (properties.CreatedOn is { } createdOn && terms.Intent is { } intent && intent.Covers(path.BlobName, createdOn))
        {
            return new Uploader(intent.CallerId, intent.CallerName, Verified: true);
        }

        return properties.Metadata.TryGetValue(ModelVersion.UploadedByMetadata, out var claimed) && !string.IsNullOrWhiteSpace(claimed)
            ? new Uploader(null, claimed.Trim(), Verified: false)
            : null;
    }

    /// <summary>
    /// Whether the upload of a blob by <paramref name="uploader"/> must be refused: a policy with
    /// <see cref="ModelPolicy.RequireUploadIntent"/> refuses every upload that is not verified. The default policy
    /// requires nothing.
    /// </summary>
    public static bool Refuses(Uploader? uploader, UploadTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return uploader is not { Verified: true } && terms.Policy.RequireUploadIntent;
    }

    /// <summary>Why an upload <see cref="Refuses"/> refuses was not registered, and what to do instead.</summary>
    public static string ExplainRefusal(ArtifactPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (model, version) = (path.Key.Model, path.Key.Version);
        return $"Model '{model}' takes uploads through an upload intent only (its policy sets requireUploadIntent), and no intent covers this blob: none was asked for it, or it was written outside the intent's time. Ask for an upload intent (POST /api/models/{model}/versions/{version}/uploads with {{\"fileName\": \"{path.FileName}\"}}) and upload the file again to the URL it gives.";
    }
}

/// <summary>What an upload is judged by (see <see cref="UploadVerification.ReadTermsAsync"/>).</summary>
/// <param name="Intent">The version's upload intent, if one was asked for.</param>
/// <param name="Policy">The model's policy, or the default one.</param>
public sealed record UploadTerms(UploadIntent? Intent, ModelPolicy Policy);
