using System.Collections.Concurrent;

namespace Pipeline.Core.Registry;

/// <summary>
/// The version rows this process wrote last, as written (with the token the write gave them), so that the next step of
/// the same round, most often a moment later on the same node, can start from them instead of reading the row again.
/// Only a hint: a row another writer changed since is older than the table's, so a write guarded by it is refused and
/// reads again, and a reader that would decide from it that there is nothing to do reads the row first.
/// </summary>
public sealed class RecentVersions
{
    /// <summary>How many rows are kept unless told otherwise; when more are written, all are dropped and kept afresh.</summary>
    public const int DefaultCapacity = 1024;

    private readonly ConcurrentDictionary<(string Model, string Version), ModelVersion> rows = new();

    /// <summary>Keeps up to <see cref="DefaultCapacity"/> rows.</summary>
    public RecentVersions()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Keeps up to <paramref name="capacity"/> rows.</summary>
    public RecentVersions(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>The most rows kept at once.</summary>
    public int Capacity { get; }

    /// <summary>Keeps <paramref name="written"/>, the row as a write just left it; one without its token is not kept (and drops the one kept).</summary>
    public void Remember(ModelVersion written)
    {
        ArgumentNullException.ThrowIfNull(written);
        var key = (written.Model, written.Version);
        if (written.ConcurrencyToken is null)
        {
            rows.TryRemove(key, out _);
            return;
        }

        if (rows.Count >= Capacity && !rows.ContainsKey(key))
        {
            rows.Clear();
        }

        rows[key] = written;
    }

    /// <summary>The row of <paramref name="version"/> of <paramref name="model"/> as this process wrote it last, if it did lately.</summary>
    public ModelVersion? Find(string model, string version) => rows.TryGetValue((model, version), out var row) ? row : null;
}
