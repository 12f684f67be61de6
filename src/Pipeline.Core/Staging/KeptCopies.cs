namespace Pipeline.Core.Staging;

/// <summary>
/// The bytes of vault copies this process has tested or read lately, by vault path and SHA-256, so that a round that
/// compares its candidate with production's model need not read production's copy again: most often production is
/// the version this process tested the round before. A vault copy is named by its content and written once, and the
/// bytes kept here were hashed as they were read, so what is found is the copy. Only copies of at most
/// <see cref="VaultCopy.KeptBytes"/> are kept, up to <see cref="CapacityBytes"/> in all; the least recently used go first.
/// </summary>
public sealed class KeptCopies
{
    /// <summary>How many bytes are kept in all unless told otherwise: eight copies of the largest size kept.</summary>
    public const long DefaultCapacityBytes = 8 * VaultCopy.KeptBytes;

    private readonly Lock gate = new();
    private readonly LinkedList<Entry> recent = new();
    private readonly Dictionary<(string VaultPath, string Sha256), LinkedListNode<Entry>> index = [];
    private long held;

    /// <summary>Keeps up to <see cref="DefaultCapacityBytes"/>.</summary>
    public KeptCopies()
        : this(DefaultCapacityBytes)
    {
    }

    /// <summary>Keeps up to <paramref name="capacityBytes"/>.</summary>
    public KeptCopies(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        CapacityBytes = capacityBytes;
    }

    /// <summary>The most bytes kept at once.</summary>
    public long CapacityBytes { get; }

    /// <summary>How many bytes are kept now.</summary>
    public long HeldBytes
    {
        get
        {
            lock (gate)
            {
                return held;
            }
        }
    }

    /// <summary>
    /// Keeps <paramref name="content"/> as the copy <paramref name="fingerprint"/> measured: only when it is all of it
    /// (as many bytes as the copy has) and at most <see cref="VaultCopy.KeptBytes"/>.
    /// </summary>
    public void Keep(ArtifactFingerprint fingerprint, ReadOnlyMemory<byte> content)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (content.Length != fingerprint.SizeBytes || content.Length > VaultCopy.KeptBytes || content.Length > CapacityBytes)
        {
            return;
        }

        var key = (fingerprint.VaultPath, fingerprint.Sha256);
        lock (gate)
        {
            if (index.TryGetValue(key, out var known))
            {
                recent.Remove(known);
                recent.AddFirst(known);
                return;
            }

            index[key] = recent.AddFirst(new Entry(key, content));
            held += content.Length;
            while (held > CapacityBytes && recent.Last is { } oldest)
            {
                recent.RemoveLast();
                index.Remove(oldest.Value.Key);
                held -= oldest.Value.Content.Length;
            }
        }
    }

    /// <summary>The bytes of the copy at <paramref name="vaultPath"/> whose SHA-256 is <paramref name="sha256"/>, when kept.</summary>
    public ReadOnlyMemory<byte>? Find(string vaultPath, string sha256)
    {
        ArgumentNullException.ThrowIfNull(vaultPath);
        ArgumentNullException.ThrowIfNull(sha256);
        lock (gate)
        {
            if (!index.TryGetValue((vaultPath, sha256), out var node))
            {
                return null;
            }

            recent.Remove(node);
            recent.AddFirst(node);
            return node.Value.Content;
        }
    }

    private sealed record Entry((string VaultPath, string Sha256) Key, ReadOnlyMemory<byte> Content);
}
