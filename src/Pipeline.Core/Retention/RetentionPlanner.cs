using Pipeline.Core.Registry;

namespace Pipeline.Core.Retention;

/// <summary>Which archived versions a retention policy purges. Pure: no I/O, tested on its own.</summary>
public static class RetentionPlanner
{
    /// <summary>
    /// Keeps the newest <see cref="EffectiveRetention.KeepArchived"/> archived versions, and of the rest
    /// selects those that left production more than <see cref="EffectiveRetention.ArchivedDays"/> days
    /// before <paramref name="now"/>. A version archived more recently than that was in production within
    /// the window and is never selected. Markers whose purge is already pending are not candidates.
    /// </summary>
    public static IReadOnlyList<ArchiveMarker> SelectForPurge(IEnumerable<ArchiveMarker> markers, EffectiveRetention rules, DateTimeOffset now)
    {
        var cutoff = now.AddDays(-rules.ArchivedDays);
        return markers
            .Where(m => !m.PurgePending)
            .OrderByDescending(m => m.ArchivedAt)
            .ThenByDescending(m => m.Version, StringComparer.Ordinal)
            .Skip(Math.Max(0, rules.KeepArchived))
            .Where(m => m.ArchivedAt < cutoff)
            .ToList();
    }

    /// <summary>Whether a version archived at <paramref name="archivedAt"/> is still inside the protected window.</summary>
    public static bool IsRecentlyInProduction(DateTimeOffset archivedAt, EffectiveRetention rules, DateTimeOffset now) =>
        archivedAt >= now.AddDays(-rules.ArchivedDays);
}
