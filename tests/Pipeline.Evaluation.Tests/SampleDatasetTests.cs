using Pipeline.Core.Policies;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Tests;

/// <summary>The story the README and the staging checks tell with the samples holds when the models really run.</summary>
public sealed class SampleDatasetTests
{
    [Fact]
    public void CreditEval_ScoredByEachVersion_V1PassesV2IsBetterV3IsClearlyWorse()
    {
        var v1 = Accuracy("credit-risk-v1.onnx");
        var v2 = Accuracy("credit-risk-v2.onnx");
        var v3 = Accuracy("credit-risk-v3.onnx");

        Assert.True(v1 >= 0.80, $"v1 accuracy {v1}");
        Assert.True(v2 > v1, $"v2 accuracy {v2} vs v1 {v1}");
        Assert.True(v3 < v1 - 0.02, $"v3 accuracy {v3} vs v1 {v1}");
    }

    [Fact]
    public void IrisLike_ScoredByMulticlassModel_MostRowsArgmaxToTheirLabel()
    {
        using var model = OnnxModel.Load(Samples.Model("multiclass-v1.onnx"));
        var (features, labels, rows, featureCount) = Samples.Dataset("iris-like.csv");

        var batch = new OnnxScorer(model, EvaluationTask.MulticlassClassification).ScoreBatch(features, rows, featureCount);

        var correct = Enumerable.Range(0, rows).Count(r => ArgMax(batch.Row(r)) == (int)labels[r]);
        Assert.True(correct >= rows * 0.9, $"{correct} of {rows}");
    }

    [Fact]
    public void HousingLike_ScoredByRegressionModel_ErrorIsTheNoiseLevel()
    {
        using var model = OnnxModel.Load(Samples.Model("regression-v1.onnx"));
        var (features, prices, rows, featureCount) = Samples.Dataset("housing-like.csv");

        var batch = new OnnxScorer(model, EvaluationTask.Regression).ScoreBatch(features, rows, featureCount);

        var rmse = Math.Sqrt(Enumerable.Range(0, rows).Average(r => Math.Pow(batch.Scores[r] - prices[r], 2)));
        Assert.InRange(rmse, 4.0, 12.0); // the generator adds noise with sigma 8
    }

    private static double Accuracy(string file)
    {
        using var model = OnnxModel.Load(Samples.Model(file));
        var (features, labels, rows, featureCount) = Samples.Dataset("credit-eval.csv");
        var batch = new OnnxScorer(model, EvaluationTask.BinaryClassification).ScoreBatch(features, rows, featureCount);
        return Enumerable.Range(0, rows).Count(r => (batch.Scores[r] >= 0.5f) == (labels[r] == 1f)) / (double)rows;
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }
}
