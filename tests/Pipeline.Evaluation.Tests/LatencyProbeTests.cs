using System.Diagnostics;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Latency;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Tests;

public sealed class LatencyProbeTests
{
    [Fact]
    public void Measure_OverSampleRows_ReportsOrderedPercentilesOverEveryRow()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        var latency = LatencyProbe.Measure(scorer, Samples.CreditRows(200), 200, 3);

        Assert.Equal(200, latency.Samples);
        Assert.True(latency.P50Ms > 0);
        Assert.True(latency.P95Ms >= latency.P50Ms);
    }

    [Fact]
    public void Measure_FeatureCountDiffersFromModel_ThrowsScoringException()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        Assert.Throws<ScoringException>(() => LatencyProbe.Measure(scorer, new float[8], 2, 4));
    }

    // The timeout fails a run that is not stopped instead of hanging the test run.
    [Fact(Timeout = 60_000)]
    public async Task Measure_OneRunNeverEnds_IsStoppedInFlightByTheCancellation()
    {
        using var model = OnnxModel.Load(Samples.Model("slow-loop.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() => LatencyProbe.Measure(scorer, Samples.CreditRows(20), 20, 3, deadline.Token)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Measure_AfterAStoppedProbe_TheModelScoresAgain()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => LatencyProbe.Measure(scorer, Samples.CreditRows(20), 20, 3, cancelled.Token));

        var latency = LatencyProbe.Measure(scorer, Samples.CreditRows(20), 20, 3);

        Assert.Equal(20, latency.Samples);
    }

    [Fact]
    public void Measure_OutputSqueezedToAScalarForOneRow_ThrowsScoringExceptionNamingTheShape()
    {
        using var model = OnnxModel.Load(Samples.Model("squeezed-output.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        var error = Assert.Throws<ScoringException>(() => LatencyProbe.Measure(scorer, Samples.CreditRows(20), 20, 3));

        Assert.Contains("has shape [] for 1 rows", error.Message, StringComparison.Ordinal);
    }
}
