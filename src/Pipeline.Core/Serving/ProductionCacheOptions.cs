namespace Pipeline.Core.Serving;

/// <summary>How long a node may answer the serving lookup from memory, and how many models it keeps.</summary>
public sealed record ProductionCacheOptions
{
    /// <summary>The default staleness bound: one second.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(1);

    /// <summary>The longest staleness bound a node may be configured with.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(1);

    /// <summary>The default number of models a node keeps: a few MB at most.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>
    /// How old an answer may be: a pointer read from storage at <c>t</c> is served until <c>t + Ttl</c>, never after.
    /// <see cref="TimeSpan.Zero"/> turns the cache off (every lookup reads storage).
    /// </summary>
    public TimeSpan Ttl { get; init; } = DefaultTtl;

    /// <summary>The most models kept at once; beyond it a lookup reads storage without keeping its answer.</summary>
    public int Capacity { get; init; } = DefaultCapacity;
}
