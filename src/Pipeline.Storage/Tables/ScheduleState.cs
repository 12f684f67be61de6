using Azure.Data.Tables;

namespace Pipeline.Storage.Tables;

/// <summary>
/// When the local runtime last ran each scheduled job, so a restart knows whether a run was missed; and how the
/// last run of a job ended, whichever host ran it, for the health route.
/// </summary>
public sealed class ScheduleState(TableServiceClient service)
{
    private const string Partition = "schedule";

    // The outcome lives in its own row: the scheduler replaces its row whole, and must not erase it.
    private const string OutcomeSuffix = "-outcome";

    private readonly TableClient table = service.GetTableClient(StorageNames.SchedulesTable);

    /// <summary>When <paramref name="job"/> last ran, or null if never.</summary>
    public async Task<DateTimeOffset?> GetLastRunAsync(string job, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, job, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.GetDateTimeOffset("LastRunAt") : null;
    }

    /// <summary>Records a run of <paramref name="job"/>.</summary>
    public async Task SetLastRunAsync(string job, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition, job) { ["LastRunAt"] = at }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Records how a run of <paramref name="job"/> that finished at <paramref name="at"/> ended.</summary>
    public async Task SetLastOutcomeAsync(string job, ScheduledRun run, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(Partition, job + OutcomeSuffix) { ["FinishedAt"] = run.FinishedAt, ["Succeeded"] = run.Succeeded, ["Summary"] = run.Summary },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>How the last run of <paramref name="job"/> ended, or null if none was recorded. Reads only: it creates no table.</summary>
    public async Task<ScheduledRun?> GetLastOutcomeAsync(string job, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, job + OutcomeSuffix, cancellationToken: cancellationToken);
            return response.HasValue && response.Value!.GetDateTimeOffset("FinishedAt") is { } at
                ? new ScheduledRun(at, response.Value.GetBoolean("Succeeded") ?? false, response.Value.GetString("Summary") ?? "")
                : null;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
