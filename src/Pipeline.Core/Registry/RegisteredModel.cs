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

/// <summary>What to serve for a model.</summary>
/// <param name="Version">The production version label.</param>
/// <param name="ArtifactPath">The artifact's blob name.</param>
/// <param name="Sha256">The artifact's SHA-256, verified at promotion.</param>
/// <param name="Since">When it became production.</param>
public sealed record ProductionPointer(string Version, string ArtifactPath, string Sha256, DateTimeOffset Since);
