namespace Pipeline.Core.Errors;

/// <summary>Another caller holds an open upload intent for the version: only they may upload it until it expires.</summary>
/// <param name="model">The model.</param>
/// <param name="version">The version.</param>
/// <param name="expiresAt">When the other caller's intent expires.</param>
public sealed class UploadIntentHeldException(string model, string version, DateTimeOffset expiresAt)
    : PipelineException(
        $"Another caller is uploading version '{version}' of model '{model}' through an upload intent that is open until {expiresAt:O}. A version holds one artifact: ask again after that, or upload a new version.")
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The version.</summary>
    public string Version { get; } = version;

    /// <summary>When the other caller's intent expires.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
}
