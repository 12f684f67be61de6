namespace Pipeline.Core.Registry;

/// <summary>Where uploaded artifacts live.</summary>
public interface IArtifactStore
{
    /// <summary>The artifact's properties, or null when it does not exist.</summary>
    Task<ArtifactProperties?> GetPropertiesAsync(string artifactPath, CancellationToken cancellationToken);

    /// <summary>Opens the artifact for a streaming read, or returns null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string artifactPath, CancellationToken cancellationToken);

    /// <summary>Deletes the artifact or moves it to the archive access tier; an artifact already gone is success.</summary>
    Task PurgeAsync(string artifactPath, Policies.PurgeMode mode, CancellationToken cancellationToken);

    /// <summary>The address a serving system reads the artifact from.</summary>
    Uri GetUri(string artifactPath);
}

/// <summary>What the store knows of an artifact without reading it.</summary>
/// <param name="SizeBytes">Its length.</param>
/// <param name="ETag">Its current ETag.</param>
/// <param name="Metadata">Its metadata.</param>
public sealed record ArtifactProperties(long SizeBytes, string ETag, IReadOnlyDictionary<string, string> Metadata);
