using System.Globalization;
using System.Text;

namespace Pipeline.Bench;

/// <summary>
/// One throughput run: rounds of a batch of uploads to AwaitingApproval, each between two batches of as many bare
/// orchestrations (<see cref="BaselineSeconds"/> has one more entry than <see cref="PipelineSeconds"/>).
/// </summary>
public sealed record ThroughputReport(
    DateTimeOffset FinishedAt,
    string Configuration,
    int ProcessorCount,
    int Batch,
    string Register,
    int ActivitiesPerVersion,
    string Azurite,
    IReadOnlyList<double> PipelineSeconds,
    IReadOnlyList<double> BaselineSeconds)
{
    /// <summary>Each round's ratio: its versions per second over the engine's orchestrations per second in the mean of the baseline batches before and after it.</summary>
    public IReadOnlyList<double> RoundRatios =>
        [.. PipelineSeconds.Select((seconds, i) => Math.Round((BaselineSeconds[i] + BaselineSeconds[i + 1]) / 2 / seconds, 2))];

    /// <summary>The pipeline's throughput as a share of the engine's: the median of the rounds' ratios (goal at least 0.7).</summary>
    public double Ratio => Median(RoundRatios);

    /// <summary>The report as plain text.</summary>
    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Model Pipeline throughput, {Configuration}, {ProcessorCount} cores: {Batch} at once, one Azurite, one engine, one process;");
        text.AppendLine(c, $"registration: {(Register == "notice" ? "POST /api/uploads after each upload, as pipeline push does" : "the upload watcher's scan only")}.");
        text.AppendLine(c, $"{PipelineSeconds.Count} rounds, each pipeline batch between two baseline batches ({ActivitiesPerVersion} no-op activities each);");
        text.AppendLine(c, $"Azurite: {(Azurite == "stock" ? "stock" : "with azurite-partition-first.js (inserts look rows up by partition first)")}.");
        text.AppendLine();
        text.AppendLine(c, $"{"batch",-46} {"seconds",9} {"per second",11} {"ratio",7}");
        text.AppendLine(new string('-', 76));
        for (var i = 0; i < BaselineSeconds.Count; i++)
        {
            text.AppendLine(c, $"{$"baseline {i + 1}: {Batch} bare orchestrations",-46} {BaselineSeconds[i],9:F2} {Batch / BaselineSeconds[i],11:F2}");
            if (i < PipelineSeconds.Count)
            {
                text.AppendLine(c, $"{$"round {i + 1}: {Batch} uploads -> AwaitingApproval",-46} {PipelineSeconds[i],9:F2} {Batch / PipelineSeconds[i],11:F2} {RoundRatios[i],7:F2}");
            }
        }

        text.AppendLine();
        text.AppendLine(c, $"{"throughput ratio, median of the rounds (goal >= 0.7)",-46} {Ratio,9:F2}   (rounds: {string.Join(", ", RoundRatios.Select(r => r.ToString("F2", c)))})");
        return text.ToString();
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : Math.Round((sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2, 2);
    }
}
