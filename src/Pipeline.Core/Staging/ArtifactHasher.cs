namespace Pipeline.Core.Staging;

/// <summary>Computes an artifact's SHA-256 from a stream without holding it in memory.</summary>
public static class ArtifactHasher
{
    private const int BufferSize = 1 << 20;

    /// <summary>Reads <paramref name="content"/> to its end in fixed-size chunks and returns its size and SHA-256 (lowercase hex).</summary>
    public static async Task<(long SizeBytes, string Sha256)> MeasureAsync(Stream content, CancellationToken cancellationToken)
    {
        using var hashing = new HashingStream(content);
        await hashing.CopyToAsync(Stream.Null, BufferSize, cancellationToken);
        return (hashing.BytesRead, hashing.Sha256());
    }

    /// <summary>
    /// Reads <paramref name="content"/> to its end and returns its size and SHA-256 (lowercase hex), with its bytes when
    /// there are at most <paramref name="keepBytes"/> of them (null otherwise: what was kept is dropped at that point).
    /// Returned as bytes or none, never as an empty array standing for none.
    /// </summary>
    public static async Task<(long SizeBytes, string Sha256, ReadOnlyMemory<byte>? Bytes)> MeasureAndKeepAsync(
        Stream content, int keepBytes, CancellationToken cancellationToken)
    {
        using var hashing = new HashingStream(content);
        var kept = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await hashing.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (kept is not null && kept.Length + read > keepBytes)
            {
                kept = null;
            }

            kept?.Write(buffer, 0, read);
        }

        // Typed as none: a null array would convert to empty bytes.
        return (hashing.BytesRead, hashing.Sha256(), kept is null ? (ReadOnlyMemory<byte>?)null : kept.ToArray());
    }

    /// <summary>The SHA-256 (lowercase hex) of <paramref name="content"/>, read to its end.</summary>
    public static async Task<string> ComputeSha256Async(Stream content, CancellationToken cancellationToken) =>
        (await MeasureAsync(content, cancellationToken)).Sha256;
}
