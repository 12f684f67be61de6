using System.Globalization;

namespace Pipeline.Registry.Bench;

/// <summary>The command line: how big the two registries are and how many requests each scenario sends.</summary>
internal sealed record RegistryBenchOptions
{
    public int SmallModels { get; init; } = 10;

    public int LargeModels { get; init; } = 10_000;

    public int VersionsPerModel { get; init; } = 10;

    public int Warmup { get; init; } = 20;

    public int Requests { get; init; } = 200;

    /// <summary>How many alternating rounds the requests of each scenario are spread over, per size.</summary>
    public int Rounds { get; init; } = 10;

    /// <summary>Azurite with its disk persistence (as the local runtime runs it) instead of in memory.</summary>
    public bool OnDisk { get; init; }

    /// <summary>Azurite without the preload that makes its inserts narrow by partition first (azurite-partition-first.js).</summary>
    public bool StockAzurite { get; init; }

    /// <summary>
    /// Azurite's point reads narrowed by partition first too (not Azurite as shipped): what the reads cost on a store
    /// that finds a row by its keys without walking the rows that share its RowKey, as Table Storage does.
    /// </summary>
    public bool PointReadsByPartition { get; init; }

    /// <summary>
    /// Azurite's queries of one partition's RowKey range answered from that partition's rows in key order, stopping after
    /// <c>$top</c> (not Azurite as shipped): what the lists cost on a store that reads a range as Table Storage does.
    /// </summary>
    public bool RangeQueriesByPartition { get; init; }

    /// <summary>
    /// Instead of measuring: both registries seeded alike with <see cref="LargeModels"/> models, the small one's Azurite
    /// as shipped for queries and the large one's with <see cref="RangeQueriesByPartition"/>, and their answers compared.
    /// </summary>
    public bool CompareRangeQueries { get; init; }

    public string? OutputPath { get; init; }

    public static RegistryBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RegistryBenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{args[i - 1]} takes a positive whole number.");
            options = args[i] switch
            {
                "--small" => options with { SmallModels = Number() },
                "--models" => options with { LargeModels = Number() },
                "--versions" => options with { VersionsPerModel = Number() },
                "--warmup" => options with { Warmup = Number() },
                "--requests" => options with { Requests = Number() },
                "--rounds" => options with { Rounds = Number() },
                "--on-disk" => options with { OnDisk = true },
                "--stock-azurite" => options with { StockAzurite = true },
                "--point-reads-by-partition" => options with { PointReadsByPartition = true },
                "--range-queries-by-partition" => options with { RangeQueriesByPartition = true },
                "--compare-range-queries" => options with { CompareRangeQueries = true },
                "--out" => options with { OutputPath = Value() },
                _ => throw new ArgumentException(
                    $"Unknown option '{args[i]}'. Options: --small N (10), --models N (10000), --versions N per model (10), --warmup N (20), --requests N (200), --rounds N (10), --on-disk, --stock-azurite, --point-reads-by-partition, --range-queries-by-partition, --compare-range-queries, --out file.json"),
            };
        }

        return options.LargeModels <= options.SmallModels
            ? throw new ArgumentException("--models must be more than --small.")
            : options.Requests < options.Rounds
                ? throw new ArgumentException("--requests must be at least --rounds.")
                : options.StockAzurite && (options.PointReadsByPartition || options.RangeQueriesByPartition || options.CompareRangeQueries)
                    ? throw new ArgumentException("--point-reads-by-partition, --range-queries-by-partition and --compare-range-queries need the preload that --stock-azurite leaves out.")
                    : options.CompareRangeQueries && options.RangeQueriesByPartition
                        ? throw new ArgumentException("--compare-range-queries sets the range queries of each Azurite itself.")
                        : options;
    }
}
