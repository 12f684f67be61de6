using System.Diagnostics;
using System.Net;
using Pipeline.Core.Lifecycle;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Bench;

/// <summary>
/// Counts the runtime's storage operations over one version's whole life (v2: upload, staging tests, approval, promotion,
/// the archival of v1, until its orchestration completed), after v1's life as warm-up (which creates the tables and
/// containers), and then over an idle period.
/// </summary>
public sealed class StorageOpsBenchmark(PipelineRuntime runtime, AzuriteFixture azurite, StorageOperationCounter counter)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    // The harness watches the registry through a client of its own, which is not counted, so that it costs the runtime nothing.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly TableRegistryStore registry = new(azurite.Tables);

    // Before a counted period, the runtime is left alone this long so that the work of the one before has ended.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>Runs v1 (warm-up), counts v2's life, then <paramref name="idle"/> of doing nothing.</summary>
    public async Task<StorageOpsReport> RunAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        var model = "ops-" + Guid.NewGuid().ToString("N")[..10];
        var api = new ApiClient(runtime.Http);
        await LifeAsync(api, model, "v1", cancellationToken);
        await Task.Delay(Settle, cancellationToken);

        var before = counter.Snapshot();
        var clock = Stopwatch.StartNew();
        await LifeAsync(api, model, "v2", cancellationToken);
        await WaitForStateAsync(model, "v1", VersionState.Archived);
        var lifeSeconds = clock.Elapsed.TotalSeconds;
        var life = Difference(counter.Snapshot(), before);

        Console.Error.WriteLine($"Life of {model}/v2 counted ({lifeSeconds:F1} s); idle for {idle.TotalSeconds:F0} s...");

        await Task.Delay(Settle, cancellationToken);
        var idleStart = counter.Snapshot();
        clock.Restart();
        await Task.Delay(idle, cancellationToken);
        var idleSeconds = clock.Elapsed.TotalSeconds;
        var idled = Difference(counter.Snapshot(), idleStart);

        var lifeCount = life.Values.Sum();
        var idleCount = idled.Values.Sum();
        var perHour = idleCount * 3600 / idleSeconds;
        var idleCostPerHour = idled.Sum(kv => StoragePrices.Of(kv.Key) * kv.Value) * (decimal)(3600 / idleSeconds);
        return new StorageOpsReport(
            StoragePrices.AsOf,
            Math.Round(lifeSeconds, 1),
            Math.Round(idleSeconds, 1),
            Rows(life),
            Rows(idled),
            lifeCount,
            life.Where(kv => kv.Key.Owner == StorageOperation.Pipeline).Sum(kv => kv.Value),
            (long)Math.Round(lifeCount - (idleCount * lifeSeconds / idleSeconds)),
            Math.Round(life.Sum(kv => StoragePrices.Of(kv.Key) * kv.Value) * 1_000_000m, 2),
            (long)Math.Round(perHour),
            Math.Round(idleCostPerHour, 4),
            Math.Round(idleCostPerHour * 24 * 30, 2));
    }

    private async Task LifeAsync(ApiClient api, string model, string version, CancellationToken cancellationToken)
    {
        var seed = version == "v1" ? 61 : 62;
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed));
        await WaitForStateAsync(model, version, VersionState.AwaitingApproval);
        var (status, _, body) = await api.PostAsync($"api/models/{model}/versions/{version}/approve", "{}", "bench@example.com");
        if (status != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"approve {version} answered {(int)status}: {body}");
        }

        await WaitForStateAsync(model, version, VersionState.Production);
        var instance = body!["orchestrationId"]!.GetValue<string>();
        // The backend's instance row, read through the harness's own client, as DurableTask.AzureStorage lays it out.
        var instances = azurite.Tables.GetTableClient(runtime.TaskHub + "Instances");
        await Eventually.WaitAsync(
            async () => (await instances.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(instance, string.Empty, cancellationToken: cancellationToken)) is { HasValue: true } row
                ? row.Value!.GetString("RuntimeStatus")
                : null,
            s => s == "Completed",
            StepTimeout,
            $"{instance} to complete");
    }

    private async Task WaitForStateAsync(string model, string version, VersionState expected)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            var state = (await registry.FindVersionAsync(model, version, CancellationToken.None))?.State;
            if (state == expected)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{model}/{version} is {state}, not {expected}, after {StepTimeout}.");
            }

            await Task.Delay(PollInterval);
        }
    }

    private static Dictionary<StorageOperation, long> Difference(IReadOnlyDictionary<StorageOperation, long> after, IReadOnlyDictionary<StorageOperation, long> before) =>
        after.Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(x => x.Count > 0)
            .ToDictionary(x => x.Key, x => x.Count);

    private static List<StorageOpsRow> Rows(Dictionary<StorageOperation, long> counts) =>
        [.. counts.OrderBy(kv => kv.Key.Owner, StringComparer.Ordinal).ThenBy(kv => kv.Key.Service).ThenByDescending(kv => kv.Value)
            .Select(kv => new StorageOpsRow(kv.Key.Owner, kv.Key.Service.ToString(), kv.Key.Name, kv.Value))];
}
