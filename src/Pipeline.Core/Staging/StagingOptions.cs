namespace Pipeline.Core.Staging;

/// <summary>Limits the staging tests apply to every model.</summary>
public sealed class StagingOptions
{
    /// <summary>The largest artifact accepted, in bytes (default 1 GiB).</summary>
    public long MaxArtifactBytes { get; set; } = 1L << 30;
}
