using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Tests.Metrics;

public sealed class MulticlassClassificationMetricsTests
{
    private const int Precision = 10;

    [Fact]
    public void Compute_KnownConfusionMatrix_GivesHandComputedMacroF1()
    {
        // actual \ predicted   0  1  2   support
        //        0             3  1  0   4
        //        1             1  2  1   4
        //        2             0  1  2   3
        // accuracy = (3 + 2 + 2) / 11 = 0.636364
        // class 0: TP 3, FP 1, FN 1 → F1 = 6 / (6 + 1 + 1) = 0.75
        // class 1: TP 2, FP 2, FN 2 → F1 = 4 / (4 + 2 + 2) = 0.5
        // class 2: TP 2, FP 1, FN 1 → F1 = 4 / (4 + 1 + 1) = 0.666667
        // macroF1 = (0.75 + 0.5 + 0.666667) / 3 = 0.638889
        var (scores, labels) = Rows(3, (0, 0, 3), (0, 1, 1), (1, 0, 1), (1, 1, 2), (1, 2, 1), (2, 1, 1), (2, 2, 2));
        var metrics = new MulticlassClassificationMetrics(3);

        metrics.Add(scores, labels);
        var result = metrics.Compute();

        Assert.Equal(7.0 / 11.0, result[MetricCatalog.Accuracy], Precision);
        Assert.Equal((0.75 + 0.5 + (2.0 / 3.0)) / 3.0, result[MetricCatalog.MacroF1], Precision);
        Assert.Equal(1, metrics.Confusion(actual: 1, predicted: 2));
        Assert.Equal(11, result.Rows);
    }

    [Fact]
    public void Compute_ClassNeitherTrueNorPredicted_IsLeftOutOfMacroF1()
    {
        // K = 3 but class 2 never appears. Labels 0,0,1,1; predictions 0,1,1,1.
        // class 0: TP 1, FP 0, FN 1 → 2 / 3;  class 1: TP 2, FP 1, FN 0 → 4 / 5
        // macroF1 = (2/3 + 4/5) / 2 = 0.733333 (averaging class 2 as 0 would give 0.488889)
        var (scores, labels) = Rows(3, (0, 0, 1), (0, 1, 1), (1, 1, 2));
        var metrics = new MulticlassClassificationMetrics(3);

        metrics.Add(scores, labels);

        Assert.Equal(((2.0 / 3.0) + 0.8) / 2.0, metrics.Compute()[MetricCatalog.MacroF1], Precision);
    }

    [Fact]
    public void Compute_ClassPredictedButNeverTrue_CountsWithF1Zero()
    {
        // Labels 0,0,1,1; predictions 0,2,1,1.
        // class 0: TP 1, FP 0, FN 1 → 2 / 3;  class 1: TP 2, FP 0, FN 0 → 1;  class 2: TP 0, FP 1, FN 0 → 0
        // macroF1 = (2/3 + 1 + 0) / 3 = 0.555556
        var (scores, labels) = Rows(3, (0, 0, 1), (0, 2, 1), (1, 1, 2));
        var metrics = new MulticlassClassificationMetrics(3);

        metrics.Add(scores, labels);

        Assert.Equal(((2.0 / 3.0) + 1.0) / 3.0, metrics.Compute()[MetricCatalog.MacroF1], Precision);
    }

    [Fact]
    public void Add_TiedScores_PredictsFirstMaximum()
    {
        var metrics = new MulticlassClassificationMetrics(3);

        metrics.Add([0.2f, 0.4f, 0.4f], [1]);

        Assert.Equal(1, metrics.Confusion(actual: 1, predicted: 1));
        Assert.Equal(1.0, metrics.Compute()[MetricCatalog.Accuracy]);
    }

    [Fact]
    public void Add_ManyBatches_GivesSameMetricsAsOneBatch()
    {
        const int k = 4;
        var random = new Random(7);
        var labels = new float[501];
        var scores = new float[labels.Length * k];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = random.Next(k);
            for (var c = 0; c < k; c++)
            {
                scores[(i * k) + c] = (float)random.NextDouble() + (c == (int)labels[i] ? 0.3f : 0f);
            }
        }

        var whole = new MulticlassClassificationMetrics(k);
        whole.Add(scores, labels);
        var split = new MulticlassClassificationMetrics(k);
        for (var start = 0; start < labels.Length; start += 10)
        {
            var rows = Math.Min(10, labels.Length - start);
            split.Add(scores.AsSpan(start * k, rows * k), labels.AsSpan(start, rows));
        }

        Assert.Equal(whole.Compute().OrderBy(p => p.Key), split.Compute().OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData(3f)]
    [InlineData(-1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Add_LabelNotAClassIndex_ThrowsWithRow(float label)
    {
        var metrics = new MulticlassClassificationMetrics(3);

        var exception = Assert.Throws<DatasetException>(() => metrics.Add([1, 0, 0, 0, 1, 0], [0, label]));

        Assert.Equal(2, exception.Row);
        Assert.Equal(0, metrics.Rows);
    }

    [Fact]
    public void Add_NaNScore_ThrowsInvalidModelOutput()
    {
        var metrics = new MulticlassClassificationMetrics(2);

        Assert.Throws<InvalidModelOutputException>(() => metrics.Add([0.1f, float.NaN], [0]));
    }

    [Fact]
    public void Add_ScoresNotKPerRow_ThrowsArgumentException()
    {
        var metrics = new MulticlassClassificationMetrics(3);

        Assert.Throws<ArgumentException>(() => metrics.Add([0.1f, 0.2f, 0.3f, 0.4f], [0, 1]));
    }

    [Fact]
    public void Constructor_FewerThanTwoClasses_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MulticlassClassificationMetrics(1));
    }

    [Fact]
    public void Compute_NoRows_ThrowsDatasetException()
    {
        Assert.Throws<DatasetException>(() => new MulticlassClassificationMetrics(3).Compute());
    }

    /// <summary>Builds one-hot score rows: each tuple is (actual, predicted, how many such rows).</summary>
    private static (float[] Scores, float[] Labels) Rows(int k, params (int Actual, int Predicted, int Count)[] cells)
    {
        var scores = new List<float>();
        var labels = new List<float>();
        foreach (var (actual, predicted, count) in cells)
        {
            for (var i = 0; i < count; i++)
            {
                for (var c = 0; c < k; c++)
                {
                    scores.Add(c == predicted ? 0.9f : 0.05f);
                }

                labels.Add(actual);
            }
        }

        return ([.. scores], [.. labels]);
    }
}
