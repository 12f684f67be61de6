using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Pipeline.Bench.Baseline;
using Pipeline.Storage;
using Pipeline.Testing;

namespace Pipeline.Bench;

/// <summary>
/// Throughput: a batch of versions uploaded at once, timed until every one awaits approval, against the
/// same number of bare orchestrations with as many activities on the same engine, started at once and
/// timed until every one completes. Baseline, pipeline, baseline, so both see the same warm engine;
/// the baseline's time is the mean of its two runs.
/// </summary>
public sealed class ThroughputBenchmark(PipelineRuntime runtime, BlobServiceClient blobs, TableServiceClient tables, int batch, bool notifies, int rounds, string azuriteKind)
{
    /// <summary>The activities of the pipeline from upload to AwaitingApproval: BeginStagingTests and RunStagingTests.</summary>
    public const int UploadPathActivities = 2;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the warm-up, then baseline, pipeline, baseline.</summary>
    public async Task<ThroughputReport> RunAsync(CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(StorageNames.ModelsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var client = runtime.Get<DurableTaskClient>();

        Console.Error.WriteLine("warm-up: 2 versions, 2 baseline orchestrations");
        await UploadBatchAsync(container, 2, cancellationToken);
        await BaselineBatchAsync(client, 2, cancellationToken);

        // Baseline, then each round's pipeline batch and another baseline: every pipeline batch lies between two
        // baseline ones, so the machine's drift and the task hub's growth weigh on both sides alike.
        var baselines = new List<double> { (await BaselineBatchAsync(client, batch, cancellationToken)).TotalSeconds };
        Console.Error.WriteLine($"baseline: {batch} orchestrations of {UploadPathActivities} activities in {baselines[^1]:F2} s");
        var pipelines = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            pipelines.Add((await UploadBatchAsync(container, batch, cancellationToken)).TotalSeconds);
            Console.Error.WriteLine($"round {round}: pipeline: {batch} uploads to AwaitingApproval in {pipelines[^1]:F2} s");
            baselines.Add((await BaselineBatchAsync(client, batch, cancellationToken)).TotalSeconds);
            Console.Error.WriteLine($"round {round}: baseline: {batch} orchestrations of {UploadPathActivities} activities in {baselines[^1]:F2} s");
        }

        return new ThroughputReport(
            DateTimeOffset.UtcNow, BenchReport.BuildConfiguration, Environment.ProcessorCount, batch, notifies ? "notice" : "watcher", UploadPathActivities,
            azuriteKind, pipelines, baselines);
    }

    private async Task<TimeSpan> UploadBatchAsync(BlobContainerClient container, int count, CancellationToken cancellationToken)
    {
        var prefix = "tp" + Guid.NewGuid().ToString("N")[..8] + "-";
        var content = TestUploads.SampleModelBytes();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var blob = container.GetBlobClient(string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D4}/v1/model.onnx"));
            await blob.UploadAsync(new BinaryData(content), cancellationToken);
            if (notifies)
            {
                await UploadNotice.SendAsync(runtime.Http, blob.Name, cancellationToken);
            }
        }));

        // One range query per poll over this batch's version rows, so that watching adds little load.
        var registry = tables.GetTableClient(StorageNames.RegistryTable);
        // The pipeline creates the table with its first registration; the first poll may come before it.
        await registry.CreateIfNotExistsAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"} and RowKey eq {"v_v1"}");
        while (true)
        {
            var awaiting = 0;
            var seen = 0;
            await foreach (var row in registry.QueryAsync<TableEntity>(filter, select: ["State"], cancellationToken: cancellationToken))
            {
                seen++;
                var state = row.GetString("State");
                if (state == "AwaitingApproval")
                {
                    awaiting++;
                }
                else if (state is "Rejected" or "TestsFailed" or "RegistrationFailed")
                {
                    throw new InvalidOperationException($"{row.PartitionKey}/v1 ended {state} in the throughput run.");
                }
            }

            if (awaiting == count)
            {
                return Stopwatch.GetElapsedTime(started);
            }

            ThrowIfLate(started, $"{count} versions to await approval ({awaiting} of {seen} registered do)");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    // Starts `count` bare orchestrations at once; the time until all of them complete.
    private static async Task<TimeSpan> BaselineBatchAsync(DurableTaskClient client, int count, CancellationToken cancellationToken)
    {
        var run = "bench-tp-" + Guid.NewGuid().ToString("N")[..8];
        var ids = Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{run}-{i:D4}")).ToList();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(ids.Select(id => client.ScheduleNewOrchestrationInstanceAsync(
            nameof(BaselineOrchestrator), new BaselineToken(id, 0, UploadPathActivities), new StartOrchestrationOptions(id), cancellationToken)));

        // One instance query per poll (by the run's id prefix), as the pipeline's side is watched by one table query.
        var query = new OrchestrationQuery { InstanceIdPrefix = run, PageSize = 1000 };
        while (true)
        {
            var completed = 0;
            await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            {
                if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
                {
                    completed++;
                }
                else if (instance.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
                {
                    throw new InvalidOperationException($"Baseline orchestration {instance.InstanceId} ended {instance.RuntimeStatus}.");
                }
            }

            if (completed == count)
            {
                break;
            }

            ThrowIfLate(started, $"{count} baseline orchestrations to complete ({completed} have)");
            await Task.Delay(PollInterval, cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static void ThrowIfLate(long started, string what)
    {
        if (Stopwatch.GetElapsedTime(started) > Timeout)
        {
            throw new TimeoutException($"Timed out after {Timeout} waiting for {what}.");
        }
    }
}
