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
    Environment.SetEnvironmentVariable("REGISTRY_BENCH_RANGE_QUERIES", options.RangeQueriesByPartition ? "partition-first" : null);
}

// One instant for both registries' rows, so that seeded alike they hold the same rows.
var seededAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero);
if (options.CompareRangeQueries)
{
    return await BenchRun.RunAsync(
        async (stockAzurite, stop) =>
        {
            // The small registry's Azurite, started already, answers queries with its own code; the second one, started
            // with the variable set, with the preload's. Both hold --models models.
            Environment.SetEnvironmentVariable("REGISTRY_BENCH_RANGE_QUERIES", "partition-first");
            var patchedAzurite = new AzuriteFixture { InMemory = !options.OnDisk };
            try
            {
                Console.Error.WriteLine("Starting a second Azurite, its range queries partition first...");
                await patchedAzurite.InitializeAsync();
                await using var stockRuntime = await PipelineRuntime.StartAsync(stockAzurite, extraArgs: RuntimeArgs());
                await using var patchedRuntime = await PipelineRuntime.StartAsync(patchedAzurite, extraArgs: RuntimeArgs());
                var stock = new RegistryTarget("stock queries", options.LargeModels, options.VersionsPerModel, stockRuntime.Http, stockAzurite.Tables);
                var patched = new RegistryTarget("patched queries", options.LargeModels, options.VersionsPerModel, patchedRuntime.Http, patchedAzurite.Tables);
                foreach (var target in new[] { stock, patched })
                {
                    await SeedAsync(target, stop);
                }

                Console.Error.WriteLine("Comparing their answers...");
                return await new RangeQueryComparison(stock, patched).CompareAsync(stop);
            }
            finally
            {
                await patchedAzurite.DisposeAsync();
            }
        },
        report => report.ToTable(),
        options.OutputPath,
        inMemoryStorage: !options.OnDisk);
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

            Console.Error.WriteLine("Starting the two local runtimes...");
            await using var smallRuntime = await PipelineRuntime.StartAsync(smallAzurite, extraArgs: RuntimeArgs());
            await using var largeRuntime = await PipelineRuntime.StartAsync(largeAzurite, extraArgs: RuntimeArgs());
            var small = new RegistryTarget("small", options.SmallModels, options.VersionsPerModel, smallRuntime.Http, smallAzurite.Tables);
            var large = new RegistryTarget("large", options.LargeModels, options.VersionsPerModel, largeRuntime.Http, largeAzurite.Tables);

            var seeding = new List<SeedingFigures>();
            foreach (var target in new[] { small, large })
            {
                seeding.Add(await SeedAsync(target, stop));
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

// The cleanup's first run is a year away: its walk over every model would otherwise run beside the measurement.
static string[] RuntimeArgs() => [.. BenchRun.RuntimeLogging, "--CLEANUP_SCHEDULE=0 0 0 1 1 *"];

async Task<SeedingFigures> SeedAsync(RegistryTarget target, CancellationToken stop)
{
    // A first list before any model exists: the index's one-off backfill finds nothing and marks the index complete, as
    // on a registry that had the index from its start; the seeder then writes index rows itself.
    using (var first = await target.Http.GetAsync(new Uri("api/models?limit=1", UriKind.Relative), stop))
    {
        first.EnsureSuccessStatusCode();
    }

    Console.Error.WriteLine($"Seeding {target.Models} models ({target.Versions} versions) into the {target.Name} registry...");
    var seeder = new RegistrySeeder(target.Tables, options.VersionsPerModel, seededAt);
    var clock = Stopwatch.StartNew();
    await seeder.SeedAsync(target.Name, 0, target.Models, stop);
    var figures = new SeedingFigures(target.Models, target.Models * seeder.RowsPerModel, Math.Round(clock.Elapsed.TotalSeconds, 1));
    Console.Error.WriteLine($"  {target.Name}: {figures.Seconds:0.0} s, {figures.ModelsPerSecond:0.0} models/s, {figures.RowsPerSecond:0} rows/s");
    return figures;
}

static string AzuriteLookups(RegistryBenchOptions options) => options.StockAzurite
    ? "stock"
    : string.Join(", ", new[] { "inserts", options.PointReadsByPartition ? "point reads" : null, options.RangeQueriesByPartition ? "range queries" : null }.OfType<string>())
        + " partition first";

// The 1, 5 and 15 minute load averages (Linux), to read the figures against.
static string LoadAverage() => File.Exists("/proc/loadavg")
    ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
    : "unknown";
