using System.Globalization;
using System.Text;

namespace Pipeline.Bench;

/// <summary>One throughput run: a batch of uploads to AwaitingApproval against as many bare orchestrations.</summary>
public sealed record ThroughputReport(
    DateTimeOffset FinishedAt,
    string Configuration,
    int ProcessorCount,
    int Batch,
    string Register,
    int ActivitiesPerVersion,
    double PipelineSeconds,
    double BaselineFirstSeconds,
    double BaselineSecondSeconds)
{
    /// <summary>The baseline's time: the mean of the runs before and after the pipeline's.</summary>
    public double BaselineSeconds => (BaselineFirstSeconds + BaselineSecondSeconds) / 2;

    /// <summary>Versions per second to AwaitingApproval.</summary>
    public double PipelinePerSecond => Batch / PipelineSeconds;

    /// <summary>Bare orchestrations per second.</summary>
    public double BaselinePerSecond => Batch / BaselineSeconds;

    /// <summary>The pipeline's throughput as a share of the engine's (goal at least 0.7).</summary>
    public double Ratio => Math.Round(PipelinePerSecond / BaselinePerSecond, 2);

    /// <summary>The report as plain text.</summary>
    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Model Pipeline throughput, {Configuration}, {ProcessorCount} cores: {Batch} at once, one Azurite, one engine, one process;");
        text.AppendLine(c, $"registration: {(Register == "notice" ? "POST /api/uploads after each upload, as pipeline push does" : "the upload watcher's scan only")}.");
        text.AppendLine();
        text.AppendLine(c, $"{"scenario",-58} {"seconds",9} {"per second",11}");
        text.AppendLine(new string('-', 80));
        text.AppendLine(c, $"{$"pipeline: {Batch} uploads -> AwaitingApproval",-58} {PipelineSeconds,9:F2} {PipelinePerSecond,11:F2}");
        text.AppendLine(c, $"{$"baseline: {Batch} bare orchestrations, {ActivitiesPerVersion} no-op activities each",-58} {BaselineSeconds,9:F2} {BaselinePerSecond,11:F2}");
        text.AppendLine(c, $"{"  (before / after the pipeline's run)",-58} {BaselineFirstSeconds,9:F2} / {BaselineSecondSeconds:F2}");
        text.AppendLine();
        text.AppendLine(c, $"{"throughput ratio, pipeline / baseline (goal >= 0.7)",-58} {Ratio,9:F2}");
        return text.ToString();
    }
}
