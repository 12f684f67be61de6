namespace Pipeline.Local.Durable;

/// <summary>How the local durable backend is set up.</summary>
internal sealed record LocalDurableOptions
{
    /// <summary>The storage account for the task hub.</summary>
    public required string StorageConnectionString { get; init; }

    /// <summary>The timeouts, retries and policies of the backend's storage clients: the same as the pipeline's.</summary>
    public required Pipeline.Storage.Transport.StorageTransport Transport { get; init; }

    /// <summary>The task hub name (3–45 letters and digits, starting with a letter).</summary>
    public required string TaskHubName { get; init; }

    /// <summary>The worker id; keep it stable across restarts.</summary>
    public required string WorkerId { get; init; }

    /// <summary>Control-queue partitions.</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>The longest idle wait between queue polls.</summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a dequeued activity message stays invisible before another dequeue may take it. Locks are
    /// renewed while the activity runs, so this bounds only how long the activity of a crashed process waits.
    /// </summary>
    public TimeSpan WorkItemVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The same for the control queues' orchestration messages (renewed while their work item runs).</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
