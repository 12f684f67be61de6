using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>
/// The awaiting index: one row per version round waiting for a decision, in one partition of
/// <see cref="StorageNames.ModelIndexTable"/>, so that the approver's inbox reads those versions only. Without it the
/// inbox scanned the registry, which across partitions costs a round trip per model. A row names the version and its
/// round and holds what the inbox is ordered by; the version's row stays the authority. A row is written alongside the
/// transaction that brings its round to AwaitingApproval (a failure of either fails the write), and removed after the one
/// that takes it away; one left behind (a removal that failed, a write refused after its row went in) is found stale by
/// the inbox, which reads the versions of a page, and removed.
/// </summary>
internal sealed class AwaitingIndex(TableServiceClient service)
{
    private const string Partition = "awaiting";

    // Written once every version a registry had waiting before the index existed is indexed (IndexBackfill).
    private const string BackfilledRow = "awaiting-backfilled";

    private readonly TableClient index = service.GetTableClient(StorageNames.ModelIndexTable);
    private readonly TableClient registry = service.GetTableClient(StorageNames.RegistryTable);

    /// <summary>Lists the current round of <paramref name="version"/>; a round listed already is written again, unchanged.</summary>
    public async Task AddAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        await index.UpsertEntityAsync(ToEntity(AwaitingEntry.Of(version)), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the round <paramref name="attempt"/> of <paramref name="version"/> of <paramref name="model"/>; nothing when it is not listed.</summary>
    public async Task RemoveAsync(string model, string version, int attempt, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(index, cancellationToken);
        try
        {
            await index.DeleteEntityAsync(Partition, RowKeyOf(model, version, attempt), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Removed already, or never listed.
        }
    }

    /// <summary>Every round listed, in no particular order: one query of the index's partition.</summary>
    public async Task<IReadOnlyList<AwaitingEntry>> ReadAsync(CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken);
        var entries = new List<AwaitingEntry>();
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            entries.Add(new AwaitingEntry(
                row.GetString("Model"),
                row.GetString("Version"),
                row.GetInt32("Attempt") ?? 0,
                row.GetDateTimeOffset("ApprovalDueAt"),
                row.GetDateTimeOffset("RegisteredAt") ?? default));
        }

        return entries;
    }

    private static TableEntity ToEntity(AwaitingEntry entry) => new(Partition, RowKeyOf(entry.Model, entry.Version, entry.Attempt))
    {
        ["Model"] = entry.Model,
        ["Version"] = entry.Version,
        ["Attempt"] = entry.Attempt,
        ["ApprovalDueAt"] = entry.ApprovalDueAt,
        ["RegisteredAt"] = entry.RegisteredAt,
    };

    // Model names and version labels never hold '|' (NamingRules); the round keeps a later round's row apart from an
    // earlier one's, so that the removal of the earlier one, however late, leaves the later one listed.
    private static string RowKeyOf(string model, string version, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}|{version}|{attempt:D6}");

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(index, cancellationToken);
        await IndexBackfill.EnsureAsync(index, BackfilledRow, AwaitingRowsAsync, cancellationToken);
    }

    // A registry written before the index: its waiting versions are found once by the scan the index replaces.
    private async IAsyncEnumerable<TableEntity> AwaitingRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(registry, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"RowKey ge {RegistryEntities.Versions.Prefix} and RowKey lt {RegistryEntities.Versions.End} and State eq {nameof(VersionState.AwaitingApproval)}");
        await foreach (var entity in registry.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return ToEntity(AwaitingEntry.Of(RegistryEntities.ToVersion(entity)));
        }
    }
}
