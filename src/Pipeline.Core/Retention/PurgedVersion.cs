namespace Pipeline.Core.Retention;

/// <summary>One purged version.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="Mode">How its artifact was purged.</param>
/// <param name="Reason">Why.</param>
public sealed record PurgedVersion(string Model, string Version, Policies.PurgeMode Mode, string Reason);
