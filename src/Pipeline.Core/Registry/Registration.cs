namespace Pipeline.Core.Registry;

/// <summary>The outcome of registering an upload, with the version as the registry now holds it.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Version">The registered version, when there is one.</param>
public sealed record Registration(RegistrationOutcome Outcome, ModelVersion? Version);
