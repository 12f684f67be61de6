using System.Text.Json;
using Azure.Data.Tables;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Retention;

namespace Pipeline.Storage.Tables;

/// <summary>
/// Each model's policy document, as one row in the model's registry partition (so it sits beside the
/// versions it governs). Serves the retention section to the archive cleanup.
/// </summary>
public sealed class TablePolicyStore(TableServiceClient service) : IPolicyStore, IRetentionPolicySource
{
    internal const string PolicyRowKey = "policy";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient table = service.GetTableClient(StorageNames.RegistryTable);

    /// <inheritdoc />
    public async Task<ModelPolicy?> FindAsync(string model, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(model, PolicyRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? JsonSerializer.Deserialize<ModelPolicy>(response.Value!.GetString("Document"), Json) : null;
    }

    /// <inheritdoc />
    public async Task<RetentionPolicy?> GetRetentionAsync(string model, CancellationToken cancellationToken) =>
        (await FindAsync(model, cancellationToken))?.Retention;

    /// <inheritdoc />
    public async Task SaveAsync(string model, ModelPolicy policy, HistoryEntry entry, CancellationToken cancellationToken)
    {
        await Provisioning.EnsureAsync(table, cancellationToken);
        var entity = new TableEntity(model, PolicyRowKey) { ["Document"] = JsonSerializer.Serialize(policy, Json) };
        await table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity),
            new TableTransactionAction(TableTransactionActionType.Add, HistoryEntities.ToEntity(entry)),
        ], cancellationToken);
    }
}
