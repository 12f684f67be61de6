using System.Buffers;
using System.Security.Cryptography;

namespace Pipeline.Core.Staging;

/// <summary>Computes an artifact's fingerprint from a stream without holding it in memory.</summary>
public static class ArtifactHasher
{
    private const int BufferSize = 1 << 20;

    /// <summary>Reads <paramref name="content"/> to its end in fixed-size chunks and returns size and SHA-256.</summary>
    public static async Task<ArtifactFingerprint> ComputeAsync(Stream content, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return new ArtifactFingerprint(total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
