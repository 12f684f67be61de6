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
}
