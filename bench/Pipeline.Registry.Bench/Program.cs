using System.Diagnostics;
using Pipeline.Registry.Bench;
using Pipeline.Testing;

// Read latency of the registry with a few models and with many, in one run against one Azurite and one local runtime:
// seed the small registry, measure, seed the rest, measure again. Progress goes to stderr, the table to stdout.
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

return await BenchRun.RunAsync(
    async (azurite, stop) =>
    {
        var startedAt = DateTimeOffset.UtcNow;
        var seeder = new RegistrySeeder(azurite.Tables, options.VersionsPerModel);

        Console.Error.WriteLine($"Seeding {options.SmallModels} models...");
        var clock = Stopwatch.StartNew();
        await seeder.SeedAsync(0, options.SmallModels, stop);
        var seedSmall = clock.Elapsed.TotalSeconds;

        // The cleanup's first run is a year away: its walk over every model would otherwise run beside the measurement.
        Console.Error.WriteLine("Starting the local runtime...");
        await using var runtime = await PipelineRuntime.StartAsync(
            azurite, extraArgs: ["--Logging:LogLevel:Default=Warning", "--CLEANUP_SCHEDULE=0 0 0 1 1 *"]);
        var benchmark = new RegistryBenchmark(runtime.Http, options);

        Console.Error.WriteLine($"Measuring with {options.SmallModels} models...");
        var small = await benchmark.MeasureAsync(options.SmallModels, stop);

        Console.Error.WriteLine($"Seeding {options.LargeModels - options.SmallModels} more models ({(options.LargeModels - options.SmallModels) * options.VersionsPerModel} versions)...");
        clock.Restart();
        await seeder.SeedAsync(options.SmallModels, options.LargeModels, stop);
        var seedLarge = clock.Elapsed.TotalSeconds;

        Console.Error.WriteLine($"Measuring with {options.LargeModels} models...");
        var large = await benchmark.MeasureAsync(options.LargeModels, stop);

        return new RegistryBenchReport(
            startedAt,
            options.VersionsPerModel,
            Math.Round(seedSmall, 1),
            Math.Round(seedLarge, 1),
            [.. small.Zip(large, (s, l) => new ScenarioRatio(s.Scenario, s, l))]);
    },
    report => report.ToTable(),
    options.OutputPath);
