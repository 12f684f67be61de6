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

    /// <summary>The number the registry gave the model's newest version (0 before the first).</summary>
    public int LastNumber { get; init; }

    /// <summary>What its owners say the model is.</summary>
    public string? Description { get; init; }

    /// <summary>Free tags its owners keep on the model (MLflow's registered-model tags).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Names its owners gave versions, by version number (MLflow's aliases); the production version's own alias is not among them.</summary>
    public IReadOnlyDictionary<string, int> Aliases { get; init; } = new Dictionary<string, int>();

    /// <summary>When its description, tags or aliases last changed (its creation until then).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The store's concurrency token for the read this record came from.</summary>
    public string? ConcurrencyToken { get; init; }
}
