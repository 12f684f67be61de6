using System.Diagnostics;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Runs;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Tests;

/// <summary>Datasets, models and limits the evaluator must refuse with a domain error a user can act on.</summary>
public sealed class DatasetEvaluatorFailureTests
{
    [Fact]
    public async Task EvaluateAsync_DatasetHasMoreFeaturesThanModel_ThrowsScoringExceptionNamingBothCounts()
    {
        const string csv = "f0,f1,f2,f3,label\n0.1,0.2,0.3,0.4,1\n";

        var error = await Assert.ThrowsAsync<ScoringException>(() => EvaluateCreditAsync(csv));

        Assert.Contains("takes 3 features", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 4 feature columns (f0, f1, f2, f3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_DatasetHasFewerFeaturesThanModel_ThrowsBeforeScoringAnyRow()
    {
        // The bad row would fail the reader if any batch were read: the width check comes first.
        const string csv = "f0,f1,label\n0.1,0.2,1\nnot-a-number,0.2,1\n";

        var error = await Assert.ThrowsAsync<ScoringException>(() => EvaluateCreditAsync(csv, new DatasetEvaluationOptions { BatchSize = 1 }));

        Assert.Contains("takes 3 features", error.Message, StringComparison.Ordinal);
        Assert.Contains("has 2 feature columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_NoLabelColumn_ThrowsDatasetExceptionNamingTheColumn()
    {
        const string csv = "f0,f1,f2,target\n0.1,0.2,0.3,1\n";

        var error = await Assert.ThrowsAsync<DatasetException>(() => EvaluateCreditAsync(csv));

        Assert.Contains("no label column 'label'", error.Message, StringComparison.Ordinal);
        Assert.Contains("f0, f1, f2, target", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_NonNumericValue_ThrowsDatasetExceptionNamingRowAndColumn()
    {
        const string csv = "f0,f1,f2,label\n0.1,0.2,0.3,1\n0.1,high,0.3,0\n";

        var error = await Assert.ThrowsAsync<DatasetException>(() => EvaluateCreditAsync(csv));

        Assert.Equal(2, error.Row);
        Assert.Equal("f1", error.Column);
        Assert.Contains("'high' is not a number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1024)]
    public async Task EvaluateAsync_NonNumericValueAfterSeveralBatches_ThrowsDatasetExceptionForThatRow(int batchSize)
    {
        var lines = File.ReadAllLines(DatasetEvaluatorTests.DatasetPath("credit-eval.csv"));
        lines[300] = "0.1,0.2,n/a,1";

        var error = await Assert.ThrowsAsync<DatasetException>(
            () => EvaluateCreditAsync(string.Join('\n', lines), new DatasetEvaluationOptions { BatchSize = batchSize }));

        Assert.Equal(300, error.Row);
        Assert.Equal("f2", error.Column);
    }

    [Fact]
    public async Task EvaluateAsync_BadLabelEarlyInALongFile_ThrowsDatasetExceptionForThatRow()
    {
        // The scoring side fails with rows still unread: the read stops there and the label error is reported.
        var lines = File.ReadAllLines(DatasetEvaluatorTests.DatasetPath("credit-eval.csv"));
        lines[3] = "0.1,0.2,0.3,7";

        var error = await Assert.ThrowsAsync<DatasetException>(
            () => EvaluateCreditAsync(string.Join('\n', lines), new DatasetEvaluationOptions { BatchSize = 1 }));

        Assert.Equal(3, error.Row);
        Assert.Contains("not 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_EmptyFile_ThrowsDatasetExceptionSayingItIsEmpty()
    {
        var error = await Assert.ThrowsAsync<DatasetException>(() => EvaluateCreditAsync(string.Empty));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_HeaderOnly_ThrowsDatasetExceptionSayingThereAreNoRows()
    {
        var error = await Assert.ThrowsAsync<DatasetException>(() => EvaluateCreditAsync("f0,f1,f2,label\n"));

        Assert.Contains("no data rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_BinaryLabelOutsideZeroOne_ThrowsDatasetExceptionNamingTheRow()
    {
        const string csv = "f0,f1,f2,label\n0.1,0.2,0.3,1\n0.1,0.2,0.3,0\n0.1,0.2,0.3,2\n";

        var error = await Assert.ThrowsAsync<DatasetException>(() => EvaluateCreditAsync(csv, new DatasetEvaluationOptions { BatchSize = 2 }));

        Assert.Equal(3, error.Row);
    }

    [Fact]
    public async Task EvaluateAsync_MulticlassLabelBeyondModelClasses_ThrowsDatasetException()
    {
        const string csv = "f0,f1,f2,f3,label\n5.0,3.4,1.5,0.2,0\n6.6,3.0,5.6,2.0,3\n";
        using var model = OnnxModel.Load(Samples.Model("multiclass-v1.onnx"));
        var spec = DatasetEvaluatorTests.Spec(EvaluationTask.MulticlassClassification);

        var error = await Assert.ThrowsAsync<DatasetException>(() => DatasetEvaluator.EvaluateAsync(
            new OnnxScorer(model, spec.Task), DatasetEvaluatorTests.Csv(csv), spec, DatasetEvaluationOptions.Default, CancellationToken.None));

        Assert.Equal(2, error.Row);
        Assert.Contains("0 to 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluatePairAsync_DatasetNarrowerThanBothModels_NamesTheModelItChecked()
    {
        // Both models take iris-like's four features; in a pair every error says which model it is about.
        const string csv = "f0,f1,f2,label\n5.0,3.4,1.5,0\n";
        using var candidateModel = OnnxModel.Load(Samples.Model("multiclass-v1.onnx"));
        using var productionModel = OnnxModel.Load(Samples.Model("multiclass-zipmap.onnx"));
        var spec = DatasetEvaluatorTests.Spec(EvaluationTask.MulticlassClassification);

        var error = await Assert.ThrowsAsync<ScoringException>(() => DatasetEvaluator.EvaluatePairAsync(
            new OnnxScorer(candidateModel, spec.Task),
            new OnnxScorer(productionModel, spec.Task),
            DatasetEvaluatorTests.Csv(csv),
            spec,
            DatasetEvaluationOptions.Default,
            CancellationToken.None));

        Assert.StartsWith("The candidate model's input 'features' takes 4 features", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_ScorerBuiltForAnotherTask_ThrowsArgumentException()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.Regression);

        await Assert.ThrowsAsync<ArgumentException>("scorer", () => DatasetEvaluator.EvaluateAsync(
            scorer,
            DatasetEvaluatorTests.OpenDataset("credit-eval.csv"),
            DatasetEvaluatorTests.Spec(EvaluationTask.BinaryClassification),
            DatasetEvaluationOptions.Default,
            CancellationToken.None));
    }

    [Fact]
    public async Task EvaluateAsync_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));
        var spec = DatasetEvaluatorTests.Spec(EvaluationTask.BinaryClassification);
        await using var stream = DatasetEvaluatorTests.OpenDataset("credit-eval.csv");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DatasetEvaluator.EvaluateAsync(
            new OnnxScorer(model, spec.Task), stream, spec, DatasetEvaluationOptions.Default, cancelled.Token));
    }

    [Fact]
    public async Task EvaluateAsync_ClockPassesDeadline_ThrowsEvaluationTimeoutExceptionAfterPartOfTheRows()
    {
        // A clock that moves a second each time it is read: the deadline falls a few batches in, whatever the machine.
        var options = new DatasetEvaluationOptions
        {
            BatchSize = 10,
            Deadline = TimeSpan.FromSeconds(3),
            TimeProvider = new SteppingTimeProvider(TimeSpan.FromSeconds(1)),
        };
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));
        var spec = DatasetEvaluatorTests.Spec(EvaluationTask.BinaryClassification);
        await using var stream = DatasetEvaluatorTests.OpenDataset("credit-eval.csv");

        var error = await Assert.ThrowsAsync<EvaluationTimeoutException>(() => DatasetEvaluator.EvaluateAsync(
            new OnnxScorer(model, spec.Task), stream, spec, options, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(3), error.Deadline);
        Assert.InRange(error.RowsScored, 10, 490);
        Assert.Contains("deadline of 3 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_DeadlineNotReached_ReturnsTheMetrics()
    {
        var options = new DatasetEvaluationOptions
        {
            Deadline = TimeSpan.FromHours(1),
            TimeProvider = new SteppingTimeProvider(TimeSpan.FromSeconds(1)),
        };

        var evaluation = await EvaluateCreditAsync(File.ReadAllText(DatasetEvaluatorTests.DatasetPath("credit-eval.csv")), options);

        Assert.Equal(0.852, evaluation.Metrics[MetricCatalog.Accuracy], 12);
    }

    // The timeout fails a run that is not stopped instead of hanging the test run.
    [Fact(Timeout = 60_000)]
    public async Task EvaluateAsync_OneRunNeverEnds_IsStoppedAtTheDeadline()
    {
        using var model = OnnxModel.Load(Samples.Model("slow-loop.onnx"));
        var spec = DatasetEvaluatorTests.Spec(EvaluationTask.BinaryClassification);
        await using var stream = DatasetEvaluatorTests.OpenDataset("credit-eval.csv");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<EvaluationTimeoutException>(() => DatasetEvaluator.EvaluateAsync(
            new OnnxScorer(model, spec.Task), stream, spec, new DatasetEvaluationOptions { Deadline = TimeSpan.FromSeconds(1) }, CancellationToken.None));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        Assert.Equal(0, error.RowsScored);
    }

    [Fact]
    public async Task EvaluateAsync_LatencyRowsTimesFeaturesOverTheSampleLimit_KeepsOnlyTheRowsThatFit()
    {
        var csv = "a,b,c,d,label\n" + string.Concat(Enumerable.Repeat("0.1,0.2,0.3,0.4,1\n0.4,0.3,0.2,0.1,0\n", 50));
        using var model = OnnxModel.Load(Samples.Model("any-width.onnx"));
        var spec = DatasetEvaluatorTests.Spec(EvaluationTask.BinaryClassification);
        var options = new DatasetEvaluationOptions { LatencyRows = 100, MaxLatencySampleValues = 90 };

        var evaluation = await DatasetEvaluator.EvaluateAsync(new OnnxScorer(model, spec.Task), DatasetEvaluatorTests.Csv(csv), spec, options, CancellationToken.None);

        Assert.Equal(100, evaluation.Rows);
        Assert.Equal(22, options.LatencyRowsThatFit(4));
        Assert.Equal(22, evaluation.LatencySampleCount);
        Assert.Equal(22 * 4, evaluation.LatencySampleRowsRowMajor.Length);
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f, 0.4f, 0.3f, 0.2f, 0.1f], evaluation.LatencySampleRowsRowMajor[..8]);
    }

    [Fact]
    public void Options_OutOfRangeValues_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetEvaluationOptions { BatchSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetEvaluationOptions { LatencyRows = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetEvaluationOptions { LatencyRows = LatencyBudget.MaxRows + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetEvaluationOptions { Deadline = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetEvaluationOptions { MaxLatencySampleValues = 0 });
    }

    private static async Task<DatasetEvaluation> EvaluateCreditAsync(string csv, DatasetEvaluationOptions? options = null)
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));
        var spec = DatasetEvaluatorTests.Spec(EvaluationTask.BinaryClassification);
        return await DatasetEvaluator.EvaluateAsync(
            new OnnxScorer(model, spec.Task), DatasetEvaluatorTests.Csv(csv), spec, options ?? DatasetEvaluationOptions.Default, CancellationToken.None);
    }

    /// <summary>A clock that advances by a fixed step every time it is read; timers stay on the real clock.</summary>
    private sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref ticks, step.Ticks);
    }
}
