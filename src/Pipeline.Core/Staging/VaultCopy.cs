namespace Pipeline.Core.Staging;

/// <summary>What copying an upload into the vault came to (see <see cref="Registry.IArtifactStore.CopyToVaultAsync"/>).</summary>
/// <param name="UploadBytes">The upload's length, as the read of it answered.</param>
/// <param name="Fingerprint">The copy; null when nothing was copied because the upload is empty or longer than the limit.</param>
/// <param name="Content">
/// The bytes copied, when they are at most <see cref="KeptBytes"/>: the checks load these rather than read the copy
/// back. Null for a larger artifact, whose checks read the vault copy.
/// </param>
public sealed record VaultCopy(long UploadBytes, ArtifactFingerprint? Fingerprint, ReadOnlyMemory<byte>? Content)
{
    /// <summary>
    /// Completes when the copy is in the vault. A copy of kept bytes may still be written when it is returned, so that
    /// its checks run meanwhile; awaiting this rethrows a write that failed. Nothing may be recorded of the copy before.
    /// </summary>
    public Task Stored { get; init; } = Task.CompletedTask;

    /// <summary>The largest artifact whose bytes are kept in memory from the read that hashed them.</summary>
    public const int KeptBytes = 4 << 20;
}
