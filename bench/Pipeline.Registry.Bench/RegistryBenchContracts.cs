using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace Pipeline.Registry.Bench;

/// <summary>One registry under measurement: its own Azurite, its own local runtime's API, and a table client on it.</summary>
internal sealed record RegistryTarget(string Name, int Models, int VersionsPerModel, HttpClient Http, TableServiceClient Tables)
{
    public int Versions => Models * VersionsPerModel;
}

/// <summary>One scenario's latencies at one registry size, in milliseconds.</summary>
internal sealed record ScenarioFigures(string Scenario, int Models, int Versions, int Requests, double MedianMs, double P95Ms, double MinMs, double MaxMs, double MeanItems)
{
    public static ScenarioFigures From(string scenario, RegistryTarget target, IReadOnlyList<(TimeSpan Took, int Items)> samples)
    {
        var ms = samples.Select(s => s.Took.TotalMilliseconds).Order().ToArray();
        return new ScenarioFigures(
            scenario, target.Models, target.Versions, ms.Length, Quantile(ms, 0.5), Quantile(ms, 0.95), Math.Round(ms[0], 2), Math.Round(ms[^1], 2), samples.Average(s => s.Items));
    }

    /// <summary>The <paramref name="q"/> quantile (nearest rank) of <paramref name="sorted"/>, rounded to 0.01 ms.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q) =>
        Math.Round(sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1))], 2);
}

/// <summary>
/// A scenario at both sizes and how the large registry compares with the small one: over all rounds, and the median
/// ratio of each round on its own (both sizes measured back to back, so under the same load).
/// </summary>
internal sealed record ScenarioRatio(string Scenario, ScenarioFigures Small, ScenarioFigures Large, IReadOnlyList<double> RoundMedianRatios)
{
    public double MedianRatio => Math.Round(Large.MedianMs / Small.MedianMs, 2);

    public double P95Ratio => Math.Round(Large.P95Ms / Small.P95Ms, 2);
}

/// <summary>How long seeding one registry took.</summary>
internal sealed record SeedingFigures(int Models, int Rows, double Seconds)
{
    public double ModelsPerSecond => Math.Round(Models / Seconds, 1);

    public double RowsPerSecond => Math.Round(Rows / Seconds);
}

/// <summary>The whole run: what was seeded, how long it took, the machine's load, and every scenario's figures.</summary>
internal sealed record RegistryBenchReport(
    DateTimeOffset StartedAt,
    int VersionsPerModel,
    bool AzuriteInMemory,
    string AzuriteLookups,
    int Rounds,
    SeedingFigures SeedSmall,
    SeedingFigures SeedLarge,
    string LoadAverageBefore,
    string LoadAverageAfter,
    IReadOnlyList<ScenarioRatio> Scenarios)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        var small = Scenarios[0].Small;
        var large = Scenarios[0].Large;
        text.AppendLine(CultureInfo.InvariantCulture, $"Registry size: {small.Models} models / {small.Versions} versions vs {large.Models} models / {large.Versions} versions, each on its own Azurite ({(AzuriteInMemory ? "in memory" : "on disk")}, lookups: {AzuriteLookups}) and local runtime");
        text.AppendLine(CultureInfo.InvariantCulture, $"Seeding: {SeedSmall.Seconds:0.0} s and {SeedLarge.Seconds:0.0} s ({SeedLarge.ModelsPerSecond:0.0} models/s, {SeedLarge.RowsPerSecond:0} rows/s)");
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured in {Rounds} alternating rounds; load average before {LoadAverageBefore}, after {LoadAverageAfter}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"scenario",-42} {"small p50",10} {"large p50",10} {"ratio",6} {"small p95",10} {"large p95",10} {"ratio",6} {"rounds' p50 ratios",-20} {"items",10}");
        foreach (var s in Scenarios)
        {
            var rounds = string.Join(' ', s.RoundMedianRatios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Scenario,-42} {s.Small.MedianMs,8:0.00}ms {s.Large.MedianMs,8:0.00}ms {s.MedianRatio,6:0.00} {s.Small.P95Ms,8:0.00}ms {s.Large.P95Ms,8:0.00}ms {s.P95Ratio,6:0.00} {rounds,-20} {s.Small.MeanItems,4:0}/{s.Large.MeanItems,-5:0}");
        }

        return text.ToString();
    }
}

/// <summary>What --compare-range-queries compared, all of it the same on Azurite's own queries and the preload's.</summary>
internal sealed record RangeQueryComparisonReport(int Models, int ApiPages, int TableQueries, int TablePages)
{
    public string ToTable() => string.Create(
        CultureInfo.InvariantCulture,
        $"Range queries, Azurite's own against the preload's, on two registries of {Models} models seeded alike: the same answers for {ApiPages} pages of GET /api/models (limits {string.Join(", ", [1, 7, 10, 100, 1000])}) and {TablePages} pages of {TableQueries} Table queries.\n");
}
