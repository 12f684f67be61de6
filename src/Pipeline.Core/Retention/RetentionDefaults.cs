using Pipeline.Core.Policies;

namespace Pipeline.Core.Retention;

/// <summary>Retention settings for every model without its own, and the bounds of one cleanup run.</summary>
public sealed class RetentionDefaults
{
    /// <summary>The newest archived versions always kept (default 3).</summary>
    public int KeepArchived { get; set; } = 3;

    /// <summary>Archived versions beyond those are purged once archived this many days (default 30).</summary>
    public int ArchivedDays { get; set; } = 30;

    /// <summary>How artifacts are purged (default delete).</summary>
    public PurgeMode PurgeMode { get; set; } = PurgeMode.Delete;

    /// <summary>The most versions one run purges; the rest wait for the next run (default 100).</summary>
    public int MaxPurgesPerRun { get; set; } = 100;

    /// <summary>Finished orchestrations older than this many days have their durable history purged (default 90).</summary>
    public int OrchestrationHistoryDays { get; set; } = 90;

    /// <summary>The rules for one model: its policy's retention where set, these defaults elsewhere.</summary>
    public EffectiveRetention For(RetentionPolicy? policy) => new(
        policy?.KeepArchived ?? KeepArchived,
        policy?.ArchivedDays ?? ArchivedDays,
        policy?.PurgeMode ?? PurgeMode);
}
