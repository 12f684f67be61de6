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

    /// <summary>How long an activity may run before its message becomes visible again.</summary>
    public TimeSpan ActivityVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
