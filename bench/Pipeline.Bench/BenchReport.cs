using System.Globalization;
using System.Text;

namespace Pipeline.Bench;

/// <summary>One run of the benchmark: its settings, the three scenarios and the ratios of their medians.</summary>
public sealed record BenchReport(
    DateTimeOffset FinishedAt,
    string Configuration,
    int ProcessorCount,
    int WarmupIterations,
    int Iterations,
    double WatchIntervalMs,
    string Register,
    double PollIntervalMs,
    int ArtifactBytes,
    LatencySummary UploadToAwaitingApproval,
    LatencySummary ApproveToProduction,
    LatencySummary Baseline,
    LatencySummary ApprovePostRoundTrip,
    LatencySummary UploadPathBaseline,
    LatencySummary UploadToWorkflowWaiting)
{
    /// <summary>The build configuration of this harness (and of the pipeline it hosts).</summary>
    public static string BuildConfiguration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>median(1) / median(3).</summary>
    public double UploadToBaselineRatio => Ratio(UploadToAwaitingApproval.MedianMs);

    /// <summary>median(1) / median(4): the upload path against a bare orchestration of as many activities (two).</summary>
    public double UploadToUploadPathBaselineRatio => UploadPathBaseline.MedianMs > 0 ? Math.Round(UploadToAwaitingApproval.MedianMs / UploadPathBaseline.MedianMs, 2) : double.NaN;

    /// <summary>median(1w) / median(3): the workflow's path to its wait for the decision against a bare orchestration of its three activities.</summary>
    public double WorkflowWaitingToBaselineRatio => Ratio(UploadToWorkflowWaiting.MedianMs);

    /// <summary>median(2) / median(3).</summary>
    public double ApproveToBaselineRatio => Ratio(ApproveToProduction.MedianMs);

    /// <summary>(median(1) + median(2)) / median(3).</summary>
    public double PipelineToBaselineRatio => Ratio(UploadToAwaitingApproval.MedianMs + ApproveToProduction.MedianMs);

    /// <summary>The report as a plain-text table.</summary>
    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Model Pipeline latency, {Configuration}, {ProcessorCount} cores: {Iterations} measured iterations after {WarmupIterations} warm-up;");
        text.AppendLine(c, $"one Azurite, one durable engine (DurableTask.AzureStorage behind the gRPC sidecar), one process.");
        text.AppendLine(c, $"Registration: {(Register == "notice" ? "POST /api/uploads after each upload, as pipeline push does" : "the upload watcher's scan only")}; watcher interval {WatchIntervalMs:F0} ms; harness poll interval: {PollIntervalMs:F0} ms;");
        text.AppendLine(c, $"artifact: the {ArtifactBytes}-byte ONNX sample (loaded by the staging checks).");
        text.AppendLine();
        text.AppendLine(c, $"{"scenario",-42} {"activities",10} {"median ms",10} {"min ms",10} {"max ms",10}");
        text.AppendLine(new string('-', 86));
        foreach (var s in new[] { UploadToAwaitingApproval, UploadToWorkflowWaiting, ApproveToProduction, Baseline, UploadPathBaseline, ApprovePostRoundTrip })
        {
            text.AppendLine(c, $"{s.Scenario,-42} {s.Activities,10} {s.MedianMs,10:F1} {s.MinMs,10:F1} {s.MaxMs,10:F1}");
        }

        text.AppendLine();
        text.AppendLine(c, $"{"median(1) / median(3)",-42} {UploadToBaselineRatio,10:F2}");
        text.AppendLine(c, $"{"median(1) / median(4), as many activities",-42} {UploadToUploadPathBaselineRatio,10:F2}");
        text.AppendLine(c, $"{"median(1w) / median(3), as many activities",-42} {WorkflowWaitingToBaselineRatio,10:F2}");
        text.AppendLine(c, $"{"median(2) / median(3)",-42} {ApproveToBaselineRatio,10:F2}");
        text.AppendLine(c, $"{"(median(1) + median(2)) / median(3)",-42} {PipelineToBaselineRatio,10:F2}");
        return text.ToString();
    }

    private double Ratio(double pipelineMs) => Baseline.MedianMs > 0 ? Math.Round(pipelineMs / Baseline.MedianMs, 2) : double.NaN;
}
