using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Storage;
using Pipeline.Storage.Tables;

namespace Pipeline.Registry.Bench;

/// <summary>
/// Writes models straight into the tables in the registry's real layout, one entity-group transaction per model: its
/// model row (with the production pointer and counter), its versions (all archived but the last, which is production),
/// their number-index rows and their history (registered, then promoted or archived); then the models index, a hundred
/// rows a transaction. The rows come from Pipeline.Storage's own mappings, so they are what the store would have written.
/// No events out and no archive markers are written, so neither the dispatcher nor the cleanup has work from them.
/// The rows depend only on the model's number, the version count and <paramref name="seededAt"/>, so two registries seeded
/// with the same arguments hold the same rows (their Timestamps and ETags aside), which --compare-range-queries relies on.
/// </summary>
internal sealed class RegistrySeeder(TableServiceClient tables, int versionsPerModel, DateTimeOffset seededAt)
{
    private const int IndexBatch = 100;
    private const int Parallelism = 8;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    private readonly TableClient registry = tables.GetTableClient(StorageNames.RegistryTable);
    private readonly TableClient index = tables.GetTableClient(StorageNames.ModelIndexTable);

    /// <summary>The name of the <paramref name="i"/>th seeded model.</summary>
    public static string ModelName(int i) => "bench-" + i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The label of the <paramref name="n"/>th version of a seeded model.</summary>
    public static string VersionLabel(int n) => "v" + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The rows one seeded model takes in the registry table (its model row, versions, number index and history).</summary>
    public int RowsPerModel => 1 + (4 * versionsPerModel);

    /// <summary>
    /// Seeds models <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), printing the rate to
    /// stderr every few seconds under <paramref name="label"/>.
    /// </summary>
    public async Task SeedAsync(string label, int from, int to, CancellationToken cancellationToken)
    {
        await registry.CreateIfNotExistsAsync(cancellationToken);
        await index.CreateIfNotExistsAsync(cancellationToken);
        var at = seededAt;
        var production = new ProductionPointer[to - from];
        var clock = Stopwatch.StartNew();
        var done = 0;
        var reportedAt = TimeSpan.Zero;
        await Parallel.ForEachAsync(
            Enumerable.Range(from, to - from),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                await registry.SubmitTransactionAsync(ModelRows(ModelName(i), at, out production[i - from]), ct);
                var seeded = Interlocked.Increment(ref done);
                lock (clock)
                {
                    if (clock.Elapsed - reportedAt >= ProgressInterval)
                    {
                        reportedAt = clock.Elapsed;
                        Console.Error.WriteLine(
                            $"  {label}: {seeded}/{to - from} models, {seeded / reportedAt.TotalSeconds:0} models/s ({seeded * RowsPerModel / reportedAt.TotalSeconds:0} rows/s)");
                    }
                }
            });
        await Parallel.ForEachAsync(
            Enumerable.Range(from, to - from).Chunk(IndexBatch),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (chunk, ct) => await index.SubmitTransactionAsync(
                chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ModelIndex.ToEntity(ModelName(i), at, production[i - from]))), ct));
    }

    private List<TableTransactionAction> ModelRows(string model, DateTimeOffset at, out ProductionPointer pointer)
    {
        var actions = new List<TableTransactionAction>();
        ModelVersion? production = null;
        for (var n = 1; n <= versionsPerModel; n++)
        {
            var registeredAt = at.AddMinutes(n);
            var last = n == versionsPerModel;
            var version = new ModelVersion
            {
                Model = model,
                Version = VersionLabel(n),
                Number = n,
                State = last ? VersionState.Production : VersionState.Archived,
                ArtifactPath = $"{model}/{VersionLabel(n)}/model.onnx",
                SizeBytes = 223,
                BlobETag = "\"0x1\"",
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{model}/{VersionLabel(n)}"))),
                RegisteredAt = registeredAt,
                UpdatedAt = registeredAt.AddMinutes(1),
                PromotedAt = registeredAt.AddSeconds(30),
                ArchivedAt = last ? null : registeredAt.AddMinutes(1),
            };
            version = version with { VaultPath = $"{model}/{version.Sha256}" };
            production = last ? version : production;
            actions.Add(Add(RegistryEntities.ToEntity(version)));
            actions.Add(Add(RegistryEntities.ToNumberEntity(model, n, version.Version)));
            actions.Add(Add(HistoryEntities.ToEntity(HistoryEntry.ForRegistration(version with { State = VersionState.Registered }, "seeder", "Seeded."))));
            var change = last
                ? HistoryEntry.ForStateChange(HistoryAction.Promoted, version with { State = VersionState.AwaitingApproval }, VersionState.Production, version.PromotedAt!.Value, "seeder", "Seeded.")
                : HistoryEntry.ForStateChange(HistoryAction.Archived, version with { State = VersionState.Production }, VersionState.Archived, version.ArchivedAt!.Value, "seeder", "Seeded.");
            actions.Add(Add(HistoryEntities.ToEntity(change)));
        }

        pointer = new ProductionPointer(production!.Version, production.VaultPath!, production.Sha256!, production.PromotedAt!.Value, production.Number);
        actions.Add(Add(RegistryEntities.ToEntity(new RegisteredModel { Name = model, CreatedAt = at, LastNumber = versionsPerModel, Production = pointer })));
        return actions;
    }

    private static TableTransactionAction Add(TableEntity entity) => new(TableTransactionActionType.Add, entity);
}
