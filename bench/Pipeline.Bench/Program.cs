using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Bench;
using Pipeline.Bench.Baseline;
using Pipeline.Local.Hosting;
using Pipeline.Testing;

// The pipeline against the engine it runs on: latency (the default), throughput or serving lookups.
// Progress goes to stderr so that stdout carries only the table.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (options.Azurite == "partition-first")
{
    // The run's Azurite is a child of this process and inherits its environment; nothing else here starts node.
    var preload = Path.Combine(AppContext.BaseDirectory, "azurite-partition-first.js");
    Environment.SetEnvironmentVariable("NODE_OPTIONS", $"{Environment.GetEnvironmentVariable("NODE_OPTIONS")} --require \"{preload}\"".Trim());
}

return options.Scenario switch
{
    "throughput" => await BenchRun.RunAsync(
        (azurite, stop) => WithRuntimeAsync(azurite, runtime => new ThroughputBenchmark(runtime, azurite.Blobs, azurite.Tables, options.Batch, options.Notifies, options.Rounds, options.Azurite).RunAsync(stop)),
        r => r.ToTable(),
        options.OutputPath),
    "serving" => await BenchRun.RunAsync(
        (azurite, stop) => WithRuntimeAsync(azurite, runtime =>
            new ServingBenchmark(runtime, azurite.Blobs, azurite.Tables, new ServingOptions { Concurrency = options.Concurrency, Duration = options.Duration }).RunAsync(stop)),
        r => r.ToTable(),
        options.OutputPath),
    _ => await BenchRun.RunAsync(
        (azurite, stop) => WithRuntimeAsync(azurite, runtime =>
            new PipelineBenchmark(runtime, azurite.Blobs, azurite.Tables, options).RunAsync(runtime.Get<LocalRuntimeOptions>().WatchInterval, stop)),
        r => r.ToTable(),
        options.OutputPath),
};

// The local runtime on the run's Azurite, with the baseline's orchestrator and activity on the pipeline's worker.
async Task<T> WithRuntimeAsync<T>(AzuriteFixture azurite, Func<PipelineRuntime, Task<T>> measure)
{
    List<string> runtimeArgs = [.. BenchRun.RuntimeLogging, $"--Local:WatchInterval={options.EffectiveWatchInterval:c}"];

    Console.Error.WriteLine("Starting the local runtime...");
    await using var runtime = await PipelineRuntime.StartAsync(
        azurite,
        extraArgs: runtimeArgs,
        configureTasks: tasks => tasks.AddOrchestrator<BaselineOrchestrator>().AddActivity<BaselineStep>());
    return await measure(runtime);
}
