using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Tests.Metrics;

public sealed class RegressionMetricsTests
{
    private const int Precision = 10;

    [Fact]
    public void Compute_SmallDataset_GivesHandComputedMetrics()
    {
        // predictions 3, 3, 6, 8; targets 1, 3, 6, 9 → errors 2, 0, 0, −1
        // SSE = 4 + 0 + 0 + 1 = 5 → RMSE = √(5 / 4) = 1.118034;  MAE = (2 + 0 + 0 + 1) / 4 = 0.75
        // target mean = 19 / 4 = 4.75; SST = 3.75² + 1.75² + 1.25² + 4.25² = 36.75
        // R² = 1 − 5 / 36.75 = 0.863946
        var metrics = new RegressionMetrics();
        metrics.Add([3, 3, 6, 8], [1, 3, 6, 9]);

        var result = metrics.Compute();

        Assert.Equal(Math.Sqrt(1.25), result[MetricCatalog.Rmse], Precision);
        Assert.Equal(0.75, result[MetricCatalog.Mae], Precision);
        Assert.Equal(1 - (5 / 36.75), result[MetricCatalog.R2], Precision);
        Assert.Empty(result.Undefined);
    }

    [Fact]
    public void Compute_ConstantTarget_LeavesR2UndefinedWithReason()
    {
        // errors 1, −1, 0 → RMSE = √(2 / 3), MAE = 2 / 3; the target has no variance so R² is undefined.
        var metrics = new RegressionMetrics();
        metrics.Add([5, 3, 4], [4, 4, 4]);

        var result = metrics.Compute();

        Assert.False(result.ContainsKey(MetricCatalog.R2));
        Assert.Contains("constant", result.Undefined[MetricCatalog.R2], StringComparison.Ordinal);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), result[MetricCatalog.Rmse], Precision);
        Assert.Equal(2.0 / 3.0, result[MetricCatalog.Mae], Precision);
    }

    [Fact]
    public void Compute_LargeTargetsWithSmallSpread_KeepsR2Accurate()
    {
        // targets 1e6 + 1, 2, 3 (mean 1e6 + 2, SST = 1 + 0 + 1 = 2); errors 0.5, −0.5, 0 → SSE = 0.5
        // R² = 1 − 0.5 / 2 = 0.75
        var metrics = new RegressionMetrics();
        metrics.Add([1_000_001.5f, 1_000_001.5f, 1_000_003f], [1_000_001f, 1_000_002f, 1_000_003f]);

        Assert.Equal(0.75, metrics.Compute()[MetricCatalog.R2], Precision);
    }

    [Fact]
    public void Add_ManyBatches_GivesSameMetricsAsOneBatch()
    {
        var random = new Random(3);
        var targets = new float[777];
        var predictions = new float[targets.Length];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = (float)(random.NextDouble() * 100);
            predictions[i] = targets[i] + (float)(random.NextDouble() - 0.5);
        }

        var whole = new RegressionMetrics();
        whole.Add(predictions, targets);
        var split = new RegressionMetrics();
        for (var start = 0; start < targets.Length; start += 50)
        {
            var length = Math.Min(50, targets.Length - start);
            split.Add(predictions.AsSpan(start, length), targets.AsSpan(start, length));
        }

        Assert.Equal(whole.Compute().OrderBy(p => p.Key), split.Compute().OrderBy(p => p.Key));
    }

    [Fact]
    public void Add_NonFiniteTarget_ThrowsDatasetExceptionWithRow()
    {
        var metrics = new RegressionMetrics();
        metrics.Add([1], [1]);

        var exception = Assert.Throws<DatasetException>(() => metrics.Add([1, 2], [2, float.PositiveInfinity]));

        Assert.Equal(3, exception.Row);
        Assert.Equal(1, metrics.Rows);
    }

    [Fact]
    public void Add_NaNPrediction_ThrowsInvalidModelOutput()
    {
        var metrics = new RegressionMetrics();

        Assert.Throws<InvalidModelOutputException>(() => metrics.Add([float.NaN], [1]));
    }

    [Fact]
    public void Compute_NoRows_ThrowsDatasetException()
    {
        Assert.Throws<DatasetException>(() => new RegressionMetrics().Compute());
    }
}
