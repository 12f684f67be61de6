using System.Text.Json;
using Azure.Storage.Blobs;
using Pipeline.Bench;
using Pipeline.Bench.Baseline;
using Pipeline.Local.Hosting;
using Pipeline.Testing;

// End-to-end latency of the pipeline against a bare orchestration on the same engine.
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

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind so the runtime, then Azurite, shut down and the temp folder is deleted.
    e.Cancel = true;
    stop.Cancel();
};

var azurite = new AzuriteFixture();
BenchReport report;
try
{
    Console.Error.WriteLine("Starting Azurite...");
    await azurite.InitializeAsync();

    List<string> runtimeArgs = ["--Logging:LogLevel:Default=Warning"];
    if (options.WatchInterval is { } interval)
    {
        runtimeArgs.Add($"--Local:WatchInterval={interval:c}");
    }

    Console.Error.WriteLine("Starting the local runtime...");
    await using var runtime = await PipelineRuntime.StartAsync(
        azurite,
        extraArgs: runtimeArgs,
        configureTasks: tasks => tasks.AddOrchestrator<BaselineOrchestrator>().AddActivity<BaselineStep>());

    var watchInterval = runtime.Get<LocalRuntimeOptions>().WatchInterval;
    var benchmark = new PipelineBenchmark(runtime, new BlobServiceClient(azurite.ConnectionString), options);
    report = await benchmark.RunAsync(watchInterval, stop.Token);
}
finally
{
    await azurite.DisposeAsync();
}

Console.Out.Write(report.ToTable());
if (options.OutputPath is { } path)
{
    var full = Path.GetFullPath(path);
    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
    await File.WriteAllTextAsync(full, JsonSerializer.Serialize(report, JsonOutput.Options) + "\n");
    Console.Error.WriteLine($"Wrote {full}");
}

return 0;
