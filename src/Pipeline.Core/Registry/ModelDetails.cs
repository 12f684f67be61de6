namespace Pipeline.Core.Registry;

/// <summary>A model with its versions, newest first.</summary>
/// <param name="Model">The model.</param>
/// <param name="Versions">Its versions.</param>
public sealed record ModelDetails(RegisteredModel Model, IReadOnlyList<ModelVersion> Versions);
