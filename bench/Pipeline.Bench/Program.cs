using System.Text.Json;
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

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind so the runtime, then Azurite, shut down and the temp folder is deleted.
    e.Cancel = true;
    stop.Cancel();
};

var azurite = new AzuriteFixture();
string table;
string json;
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

    var blobs = new BlobServiceClient(azurite.ConnectionString);
    var tables = new TableServiceClient(azurite.ConnectionString);
    (table, json) = options.Scenario switch
    {
        "throughput" => Reported(await new ThroughputBenchmark(runtime, blobs, tables, options.Batch).RunAsync(stop.Token), r => r.ToTable()),
        "serving" => Reported(
            await new ServingBenchmark(runtime, blobs, tables, new ServingOptions { Concurrency = options.Concurrency, Duration = options.Duration }).RunAsync(stop.Token),
            r => r.ToTable()),
        _ => Reported(await new PipelineBenchmark(runtime, blobs, options).RunAsync(runtime.Get<LocalRuntimeOptions>().WatchInterval, stop.Token), r => r.ToTable()),
    };
}
finally
{
    await azurite.DisposeAsync();
}

Console.Out.Write(table);
if (options.OutputPath is { } path)
{
    var full = Path.GetFullPath(path);
    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
    await File.WriteAllTextAsync(full, json + "\n");
    Console.Error.WriteLine($"Wrote {full}");
}

return 0;

// A report's table and its JSON.
static (string Table, string Json) Reported<T>(T report, Func<T, string> table) => (table(report), JsonSerializer.Serialize(report, JsonOutput.Options));
