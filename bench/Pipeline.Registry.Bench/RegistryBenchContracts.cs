using System.Globalization;
using System.Text;

namespace Pipeline.Registry.Bench;

/// <summary>One scenario's latencies at one registry size, in milliseconds.</summary>
internal sealed record ScenarioFigures(string Scenario, int Models, int Versions, int Requests, double MedianMs, double P95Ms, double MinMs, double MaxMs, double MeanItems)
{
    public static ScenarioFigures From(string scenario, int models, int versions, IReadOnlyList<(TimeSpan Took, int Items)> samples)
    {
        var ms = samples.Select(s => s.Took.TotalMilliseconds).Order().ToArray();
        double At(double q) => Math.Round(ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(q * ms.Length) - 1)], 2);
        return new ScenarioFigures(scenario, models, versions, ms.Length, At(0.5), At(0.95), Math.Round(ms[0], 2), Math.Round(ms[^1], 2), samples.Average(s => s.Items));
    }
}

/// <summary>A scenario at both sizes and how the large registry's median compares with the small one's.</summary>
internal sealed record ScenarioRatio(string Scenario, ScenarioFigures Small, ScenarioFigures Large)
{
    public double MedianRatio => Math.Round(Large.MedianMs / Small.MedianMs, 2);

    public double P95Ratio => Math.Round(Large.P95Ms / Small.P95Ms, 2);
}

/// <summary>The whole run: what was seeded, how long it took, and every scenario's figures.</summary>
internal sealed record RegistryBenchReport(
    DateTimeOffset StartedAt,
    int VersionsPerModel,
    double SeedSmallSeconds,
    double SeedLargeSeconds,
    IReadOnlyList<ScenarioRatio> Scenarios)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        var small = Scenarios[0].Small;
        var large = Scenarios[0].Large;
        text.AppendLine(CultureInfo.InvariantCulture, $"Registry size: {small.Models} models / {small.Versions} versions vs {large.Models} models / {large.Versions} versions (seeded in {SeedSmallSeconds:0.0} s and {SeedLargeSeconds:0.0} s)");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"scenario",-42} {"small p50",10} {"large p50",10} {"ratio",6} {"small p95",10} {"large p95",10} {"ratio",6} {"items",10}");
        foreach (var s in Scenarios)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Scenario,-42} {s.Small.MedianMs,8:0.00}ms {s.Large.MedianMs,8:0.00}ms {s.MedianRatio,6:0.00} {s.Small.P95Ms,8:0.00}ms {s.Large.P95Ms,8:0.00}ms {s.P95Ratio,6:0.00} {s.Small.MeanItems,4:0}/{s.Large.MeanItems,-5:0}");
        }

        return text.ToString();
    }
}
