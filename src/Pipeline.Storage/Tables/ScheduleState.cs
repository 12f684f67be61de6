using Azure.Data.Tables;

namespace Pipeline.Storage.Tables;

/// <summary>When the local runtime last ran each scheduled job, so a restart knows whether a run was missed.</summary>
public sealed class ScheduleState(TableServiceClient service)
{
    private const string Partition = "schedule";
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
}
