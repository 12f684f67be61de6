namespace Pipeline.Core.Staging;

/// <summary>An artifact's measured size and SHA-256 (lowercase hex).</summary>
/// <param name="SizeBytes">Bytes read.</param>
/// <param name="Sha256">The digest of those bytes.</param>
public sealed record ArtifactFingerprint(long SizeBytes, string Sha256);
