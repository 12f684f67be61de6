using System.Text.Json.Serialization;
using Pipeline.Core.Naming;

namespace Pipeline.Workflow;

/// <summary>Which round of which version an activity works on.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version label.</param>
/// <param name="Attempt">The round.</param>
public sealed record VersionRound(string Model, string Version, int Attempt)
{
    /// <summary>The version, validated.</summary>
    [JsonIgnore]
    public ModelVersionKey Key => ModelVersionKey.Create(Model, Version);
}
