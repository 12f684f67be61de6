namespace Pipeline.Core.Staging;

/// <summary>An artifact as the integrity check secured and measured it.</summary>
/// <param name="SizeBytes">Bytes read.</param>
/// <param name="Sha256">The digest of those bytes (lowercase hex).</param>
/// <param name="VaultPath">Where those bytes are kept for testing and serving, written once (see <see cref="Registry.IArtifactStore"/>).</param>
public sealed record ArtifactFingerprint(long SizeBytes, string Sha256, string VaultPath);
