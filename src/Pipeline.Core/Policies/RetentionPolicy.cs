namespace Pipeline.Core.Policies;

/// <summary>How archived versions are retained. Unset limits do not apply.</summary>
/// <param name="KeepArchived">Keep at least this many of the newest archived versions.</param>
/// <param name="ArchivedDays">Keep archived versions for at least this many days after they were archived.</param>
/// <param name="PurgeMode">What to do with an artifact that falls outside both limits (default: delete).</param>
public sealed record RetentionPolicy(int? KeepArchived, int? ArchivedDays, PurgeMode? PurgeMode);
