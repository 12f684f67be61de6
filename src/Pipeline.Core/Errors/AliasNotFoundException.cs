namespace Pipeline.Core.Errors;

/// <summary>The model has no alias of that name.</summary>
public sealed class AliasNotFoundException(string model, string alias)
    : PipelineException($"Model '{model}' has no version with the alias '{alias}'.")
{
    /// <summary>The model.</summary>
    public string Model { get; } = model;

    /// <summary>The alias asked for.</summary>
    public string Alias { get; } = alias;
}
