namespace Pipeline.Core.Registry;

/// <summary>A model and its production pointer: the one record the serving path reads.</summary>
public sealed record RegisteredModel
{
    /// <summary>The model name.</summary>
    public required string Name { get; init; }

    /// <summary>When its first version was registered.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The production version, if any.</summary>
    public ProductionPointer? Production { get; init; }

    /// <summary>The store's concurrency token for the read this record came from.</summary>
    public string? ConcurrencyToken { get; init; }
}
