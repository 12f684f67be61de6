using Pipeline.Core.Policies;

namespace Pipeline.Core.Retention;

/// <summary>The retention rules in force for one model.</summary>
/// <param name="KeepArchived">The newest archived versions always kept.</param>
/// <param name="ArchivedDays">How long other archived versions are kept after leaving production.</param>
/// <param name="Mode">How artifacts are purged.</param>
public sealed record EffectiveRetention(int KeepArchived, int ArchivedDays, PurgeMode Mode);
