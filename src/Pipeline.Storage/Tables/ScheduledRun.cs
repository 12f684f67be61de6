namespace Pipeline.Storage.Tables;

/// <summary>How one run of a scheduled job ended.</summary>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Succeeded">Whether it finished its work.</param>
/// <param name="Summary">What it did, or why it failed.</param>
public sealed record ScheduledRun(DateTimeOffset FinishedAt, bool Succeeded, string Summary);
