namespace Pipeline.Bench;

/// <summary>How hard and how long the serving benchmark loads each target.</summary>
public sealed record ServingOptions
{
    /// <summary>Concurrent request loops.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Unmeasured load before each measured phase.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest a measured phase runs.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The most requests a measured phase sends.</summary>
    public int MaxRequests { get; init; } = 100_000;
}
