using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Pipeline.Bench.Baseline;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Storage;
using Pipeline.Storage.Tables;
using Pipeline.Testing;
using Pipeline.Workflow.Orchestrators;

namespace Pipeline.Bench;

/// <summary>
/// Measures, iteration by iteration on one runtime, the pipeline's two user-visible latencies and a
/// bare orchestration with as many activities, so the pipeline's overhead over the engine shows as a ratio.
/// Each iteration uploads the next version (v1, v2, ...), approves it (which archives the one before)
/// and runs one baseline orchestration; the scenarios alternate so they see the same machine load.
/// </summary>
public sealed class PipelineBenchmark(PipelineRuntime runtime, BlobServiceClient blobs, TableServiceClient tables, BenchOptions options)
{
    // The harness watches the registry with one point read of the version's row per poll, through a client of its own, as
    // the baselines are watched with one read of the instance: the API's version read (the row, the workflow's status, the
    // model and production's rows) would load the pipeline's side four times as much.
    private readonly TableRegistryStore registry = new(tables);

    /// <summary>How often this harness asks whether a scenario has finished.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The size of each uploaded artifact: the shipped ONNX sample, which the staging checks load.</summary>
    public static int ArtifactBytes { get; } = TestUploads.SampleModelBytes().Length;

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the warm-up and measured iterations and summarises them.</summary>
    public async Task<BenchReport> RunAsync(TimeSpan watchInterval, CancellationToken cancellationToken)
    {
        var model = "bench-" + Guid.NewGuid().ToString("N")[..10];
        var container = blobs.GetBlobContainerClient(StorageNames.ModelsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var client = runtime.Get<DurableTaskClient>();

        List<TimeSpan> upload = [], uploadToWait = [], approve = [], approvePost = [], baseline = [], uploadBaseline = [];
        var total = options.WarmupIterations + options.Iterations;
        for (var i = 1; i <= total; i++)
        {
            var version = "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (toAwaiting, toWait) = await MeasureUploadAsync(client, container, model, version, cancellationToken);
            var (toProduction, post) = await MeasureApproveAsync(model, version, cancellationToken);
            var bare = await MeasureBaselineAsync(client, BaselineOrchestrator.ActivityCount, cancellationToken);
            var bareUpload = await MeasureBaselineAsync(client, ThroughputBenchmark.UploadPathActivities, cancellationToken);

            var warmup = i <= options.WarmupIterations;
            Console.Error.WriteLine(
                $"{(warmup ? "warm-up " : "measured")} {model}/{version,-4} upload->AwaitingApproval {toAwaiting.TotalMilliseconds,7:F1} ms (workflow waiting {toWait.TotalMilliseconds,7:F1} ms)  " +
                $"approve->Production {toProduction.TotalMilliseconds,7:F1} ms  baseline {bare.TotalMilliseconds,7:F1} ms / {bareUpload.TotalMilliseconds,7:F1} ms");
            if (!warmup)
            {
                upload.Add(toAwaiting);
                uploadToWait.Add(toWait);
                approve.Add(toProduction);
                approvePost.Add(post);
                baseline.Add(bare);
                uploadBaseline.Add(bareUpload);
            }
        }

        return new BenchReport(
            DateTimeOffset.UtcNow,
            BenchReport.BuildConfiguration,
            Environment.ProcessorCount,
            options.WarmupIterations,
            options.Iterations,
            watchInterval.TotalMilliseconds,
            options.Register,
            PollInterval.TotalMilliseconds,
            ArtifactBytes,
            LatencySummary.From("(1) upload -> Staging/AwaitingApproval", "2", upload),
            LatencySummary.From("(2) approve -> Production", "1 + event", approve),
            LatencySummary.From($"(3) baseline: {BaselineOrchestrator.ActivityCount} no-op activities", BaselineOrchestrator.ActivityCount.ToString(System.Globalization.CultureInfo.InvariantCulture), baseline),
            LatencySummary.From("    approve POST round-trip (part of 2)", "-", approvePost),
            LatencySummary.From($"(4) baseline: {ThroughputBenchmark.UploadPathActivities} no-op activities", ThroughputBenchmark.UploadPathActivities.ToString(System.Globalization.CultureInfo.InvariantCulture), uploadBaseline),
            LatencySummary.From("(1w) upload -> workflow waits for decision", "3", uploadToWait));
    }

    // From the start of the upload (and its notice, unless the watcher alone registers) until the registry says the tested
    // version awaits a human (1), and until its workflow says so (1w): after its third activity (PlanApprovalWait), when it
    // waits for the decision, as the 3-activity baseline completes after its third.
    private async Task<(TimeSpan Registry, TimeSpan Workflow)> MeasureUploadAsync(
        DurableTaskClient client, BlobContainerClient container, string model, string version, CancellationToken cancellationToken)
    {
        var content = TestUploads.SampleModelBytes(seed: int.Parse(version.AsSpan(1), CultureInfo.InvariantCulture));
        var blob = container.GetBlobClient($"{model}/{version}/model.onnx");
        var started = Stopwatch.GetTimestamp();
        await blob.UploadAsync(new BinaryData(content), cancellationToken);
        if (options.Notifies)
        {
            await UploadNotice.SendAsync(runtime.Http, blob.Name, cancellationToken);
        }

        await WaitForStateAsync(model, version, VersionState.AwaitingApproval, started, cancellationToken);
        var registry = Stopwatch.GetElapsedTime(started);
        var instanceId = ModelVersionRounds.InstanceIdFor(ModelVersionKey.Create(model, version), 1);
        while ((await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken))?.ReadCustomStatusAs<string>() != nameof(VersionState.AwaitingApproval))
        {
            await DelayOrTimeOutAsync(started, $"the workflow of {model}/{version} to wait for a decision", cancellationToken);
        }

        return (registry, Stopwatch.GetElapsedTime(started));
    }

    // From sending the approval until the API reports the version in production; also the POST's own round-trip.
    private async Task<(TimeSpan ToProduction, TimeSpan Post)> MeasureApproveAsync(string model, string version, CancellationToken cancellationToken)
    {
        var path = $"api/models/{model}/versions/{version}/approve";
        var started = Stopwatch.GetTimestamp();
        using (var body = new StringContent("{}", Encoding.UTF8, "application/json"))
        using (var response = await runtime.Http.PostAsync(path, body, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                var problem = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}, not 202: {problem}");
            }
        }

        var post = Stopwatch.GetElapsedTime(started);
        await WaitForStateAsync(model, version, VersionState.Production, started, cancellationToken);
        return (Stopwatch.GetElapsedTime(started), post);
    }

    // From scheduling until the engine reports the instance completed, polled the same way as the API.
    private static async Task<TimeSpan> MeasureBaselineAsync(DurableTaskClient client, int steps, CancellationToken cancellationToken)
    {
        var instanceId = "bench-baseline-" + Guid.NewGuid().ToString("N");
        var started = Stopwatch.GetTimestamp();
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(BaselineOrchestrator), new BaselineToken(instanceId, 0, steps), new StartOrchestrationOptions(instanceId), cancellationToken);
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
            if (instance?.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
            {
                break;
            }

            if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
            {
                throw new InvalidOperationException($"Baseline orchestration {instanceId} ended {instance.RuntimeStatus}: {instance.FailureDetails?.ErrorMessage}");
            }

            await DelayOrTimeOutAsync(started, $"baseline orchestration {instanceId} to complete (last seen {instance?.RuntimeStatus})", cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);

        // Outside the timing: prove all the activities ran rather than trusting the status alone.
        var done = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        var output = done?.ReadOutputAs<BaselineToken>();
        if (output?.Step != steps)
        {
            throw new InvalidOperationException($"Baseline orchestration {instanceId} returned {output}, not {steps} steps.");
        }

        return elapsed;
    }

    private async Task WaitForStateAsync(string model, string version, VersionState expected, long started, CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = (await registry.FindVersionAsync(model, version, cancellationToken))?.State;
            if (state == expected)
            {
                return;
            }

            await DelayOrTimeOutAsync(started, $"{model}/{version} to be {expected} (last seen {state?.ToString() ?? "not registered"})", cancellationToken);
        }
    }

    private static async Task DelayOrTimeOutAsync(long started, string what, CancellationToken cancellationToken)
    {
        if (Stopwatch.GetElapsedTime(started) > StepTimeout)
        {
            throw new TimeoutException($"Timed out after {StepTimeout} waiting for {what}.");
        }

        await Task.Delay(PollInterval, cancellationToken);
    }
}
