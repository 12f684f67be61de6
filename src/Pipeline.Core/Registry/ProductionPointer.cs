namespace Pipeline.Core.Registry;

/// <summary>What to serve for a model.</summary>
/// <param name="Version">The production version label.</param>
/// <param name="VaultPath">The vault copy to serve: the bytes that were tested.</param>
/// <param name="Sha256">The artifact's SHA-256, verified at promotion.</param>
/// <param name="Since">When it became production.</param>
/// <param name="Number">The production version's number in its model (0 for a pointer written before numbers).</param>
public sealed record ProductionPointer(string Version, string VaultPath, string Sha256, DateTimeOffset Since, int Number = 0);
