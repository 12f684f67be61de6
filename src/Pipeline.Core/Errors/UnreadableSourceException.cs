namespace Pipeline.Core.Errors;

/// <summary>
/// A version's source cannot be read into an artifact: it is in another storage account or a container the pipeline
/// keeps for itself, it does not exist, or it names a folder without a usable MLflow model. Registration records this
/// as a version in <see cref="Lifecycle.VersionState.RegistrationFailed"/> with the reason, rather than refusing the request.
/// </summary>
/// <param name="reason">Why, in words the person who gave the source can act on.</param>
public sealed class UnreadableSourceException(string reason)
    : PipelineException(reason)
{
    /// <summary>Why the source cannot be read.</summary>
    public string Reason { get; } = reason;
}
