namespace Pipeline.Core.Retention;

/// <summary>What one cleanup run did.</summary>
public sealed record CleanupReport
{
    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Models examined.</summary>
    public int ModelsExamined { get; set; }

    /// <summary>Archived versions examined (only archived ones are read).</summary>
    public int ArchivedExamined { get; set; }

    /// <summary>Versions purged by this run.</summary>
    public List<PurgedVersion> Purged { get; } = [];

    /// <summary>Purges an earlier, interrupted run had decided and this run completed.</summary>
    public List<PurgedVersion> Completed { get; } = [];

    /// <summary>Versions due for purging that were left for the next run (work bound reached).</summary>
    public int LeftForNextRun { get; set; }

    /// <summary>Versions skipped because something else changed them during the run (a rollback, another cleanup).</summary>
    public int SkippedConcurrent { get; set; }

    /// <summary>Finished orchestrations whose durable history was purged.</summary>
    public int OrchestrationsPurged { get; set; }
}
