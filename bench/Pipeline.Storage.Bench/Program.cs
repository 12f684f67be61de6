using System.Globalization;
using Pipeline.Storage.Bench;
using Pipeline.Testing;

// Counts the storage operations of one version's life and of an idle hour (extrapolated from --idle, default 2 minutes).
// Progress goes to stderr so that stdout carries only the table.
var idle = TimeSpan.FromMinutes(2);
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--idle" when i + 1 < args.Length && TimeSpan.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero:
            idle = parsed;
            i++;
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine("Options: --idle hh:mm:ss (default 00:02:00), --out PATH.");
            return 2;
    }
}

return await BenchRun.RunAsync(
    async (azurite, stop) =>
    {
        var hub = PipelineRuntime.NewTaskHubName();
        var counter = new StorageOperationCounter(hub);
        Console.Error.WriteLine("Starting the local runtime...");
        await using var runtime = await PipelineRuntime.StartAsync(
            azurite,
            taskHub: hub,
            // The default scan interval (2 s), not the test harness's 250 ms: the idle figures are the local runtime's as it ships.
            extraArgs: [.. BenchRun.RuntimeLogging, "--Local:WatchInterval=00:00:02"],
            storagePolicies: [counter.PolicyFor]);
        return await new StorageOpsBenchmark(runtime, azurite, counter).RunAsync(idle, stop);
    },
    report => report.ToTable(),
    output);
