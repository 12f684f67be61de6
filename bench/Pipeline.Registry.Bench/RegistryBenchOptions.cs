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
                "--out" => options with { OutputPath = Value() },
                _ => throw new ArgumentException(
                    $"Unknown option '{args[i]}'. Options: --small N (10), --models N (10000), --versions N per model (10), --warmup N (20), --requests N (200), --out file.json"),
            };
        }

        return options.LargeModels > options.SmallModels
            ? options
            : throw new ArgumentException("--models must be more than --small.");
    }
}
