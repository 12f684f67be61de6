using System.Diagnostics;
using Pipeline.Registry.Bench;
using Pipeline.Testing;

// Read latency of a registry with a few models and of one with many, each on its own Azurite with its own local runtime
// in this process, measured in alternating rounds. Progress goes to stderr, the table to stdout.
RegistryBenchOptions options;
try
{
    options = RegistryBenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (!options.StockAzurite)
{
    // Both Azurites are children of this process and inherit its environment; nothing else here starts node.
    var preload = Path.Combine(AppContext.BaseDirectory, "azurite-partition-first.js");
    Environment.SetEnvironmentVariable("NODE_OPTIONS", $"{Environment.GetEnvironmentVariable("NODE_OPTIONS")} --require \"{preload}\"".Trim());
    Environment.SetEnvironmentVariable("REGISTRY_BENCH_POINT_READS", options.PointReadsByPartition ? "partition-first" : null);
}

return await BenchRun.RunAsync(
    async (smallAzurite, stop) =>
    {
        var startedAt = DateTimeOffset.UtcNow;
        Console.Error.WriteLine("Starting a second Azurite for the large registry...");
        var largeAzurite = new AzuriteFixture { InMemory = !options.OnDisk };
        try
        {
            await largeAzurite.InitializeAsync();

            // The cleanup's first run is a year away: its walk over every model would otherwise run beside the measurement.
            Console.Error.WriteLine("Starting the two local runtimes...");
            string[] runtimeArgs = ["--Logging:LogLevel:Default=Warning", "--CLEANUP_SCHEDULE=0 0 0 1 1 *"];
            await using var smallRuntime = await PipelineRuntime.StartAsync(smallAzurite, extraArgs: runtimeArgs);
            await using var largeRuntime = await PipelineRuntime.StartAsync(largeAzurite, extraArgs: runtimeArgs);
            var small = new RegistryTarget("small", options.SmallModels, options.VersionsPerModel, smallRuntime.Http, smallAzurite.Tables);
            var large = new RegistryTarget("large", options.LargeModels, options.VersionsPerModel, largeRuntime.Http, largeAzurite.Tables);

            var seeding = new List<SeedingFigures>();
            foreach (var target in new[] { small, large })
            {
                // A first list before any model exists: the index's one-off backfill finds nothing and marks the index
                // complete, as on a registry that had the index from its start; the seeder then writes index rows itself.
                using (var first = await target.Http.GetAsync(new Uri("api/models?limit=1", UriKind.Relative), stop))
                {
                    first.EnsureSuccessStatusCode();
                }

                Console.Error.WriteLine($"Seeding {target.Models} models ({target.Versions} versions) into the {target.Name} registry...");
                var seeder = new RegistrySeeder(target.Tables, options.VersionsPerModel);
                var clock = Stopwatch.StartNew();
                await seeder.SeedAsync(target.Name, 0, target.Models, stop);
                seeding.Add(new SeedingFigures(target.Models, target.Models * seeder.RowsPerModel, Math.Round(clock.Elapsed.TotalSeconds, 1)));
                Console.Error.WriteLine($"  {target.Name}: {seeding[^1].Seconds:0.0} s, {seeding[^1].ModelsPerSecond:0.0} models/s, {seeding[^1].RowsPerSecond:0} rows/s");
            }

            var loadBefore = LoadAverage();
            Console.Error.WriteLine($"Measuring {options.SmallModels} models against {options.LargeModels} models (load average {loadBefore})...");
            var scenarios = await new RegistryBenchmark(options).MeasureAsync(small, large, stop);
            return new RegistryBenchReport(
                startedAt, options.VersionsPerModel, !options.OnDisk, AzuriteLookups(options), options.Rounds, seeding[0], seeding[1], loadBefore, LoadAverage(), scenarios);
        }
        finally
        {
            await largeAzurite.DisposeAsync();
        }
    },
    report => report.ToTable(),
    options.OutputPath,
    inMemoryStorage: !options.OnDisk);

static string AzuriteLookups(RegistryBenchOptions options) => options.StockAzurite
    ? "stock"
    : options.PointReadsByPartition ? "inserts and point reads partition first" : "inserts partition first";

// The 1, 5 and 15 minute load averages (Linux), to read the figures against.
static string LoadAverage() => File.Exists("/proc/loadavg")
    ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
    : "unknown";
