using System.Text;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Runs;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Tests;

/// <summary>
/// The evaluator against the committed samples. Every expected metric is recomputed here from the CSV text
/// (parsed by the test, not by CsvDatasetReader) and the weights generate_models.py built the models from,
/// so these tests check the evaluator rather than repeat numbers it printed.
/// </summary>
public sealed class DatasetEvaluatorTests
{
    // ONNX Runtime computes in float, the reference in double; classification counts do not feel that,
    // regression errors and AUC ties do, at about this size.
    private const double FloatTolerance = 1e-4;

    public static TheoryData<string, float[], float, double> CreditVersions => new()
    {
        // The last value is what generate_models.py prints and samples/README.md states.
        { "credit-risk-v1.onnx", Samples.V1Weights, Samples.V1Bias, 0.836 },
        { "credit-risk-v2.onnx", Samples.V2Weights, Samples.V2Bias, 0.852 },
        { "credit-risk-v3.onnx", Samples.V3Weights, Samples.V3Bias, 0.638 },
    };

    [Theory]
    [MemberData(nameof(CreditVersions))]
    public async Task EvaluateAsync_CreditVersionOnCreditEval_MetricsMatchIndependentComputation(
        string file, float[] weights, float bias, double publishedAccuracy)
    {
        var expected = BinaryReference(weights, bias, EvaluationSpec.DefaultThreshold);

        var evaluation = await EvaluateAsync(file, EvaluationTask.BinaryClassification, "credit-eval.csv");

        Assert.Equal(publishedAccuracy, expected.Accuracy, 12);
        Assert.Equal(expected.Accuracy, evaluation.Metrics[MetricCatalog.Accuracy], 12);
        Assert.Equal(expected.Precision, evaluation.Metrics[MetricCatalog.Precision], 12);
        Assert.Equal(expected.Recall, evaluation.Metrics[MetricCatalog.Recall], 12);
        Assert.Equal(expected.F1, evaluation.Metrics[MetricCatalog.F1], 12);
        Assert.Equal(expected.RocAuc, evaluation.Metrics[MetricCatalog.RocAuc], FloatTolerance);
        Assert.Equal(500, evaluation.Rows);
        Assert.Equal(500, evaluation.Metrics.Rows);
        Assert.Equal(3, evaluation.FeatureCount);
        Assert.Equal(["f0", "f1", "f2"], evaluation.FeatureNames);
    }

    [Fact]
    public async Task EvaluateAsync_ThresholdInSpec_ClassifiesAtThatThreshold()
    {
        var expected = BinaryReference(Samples.V2Weights, Samples.V2Bias, threshold: 0.8);

        var evaluation = await EvaluateAsync("credit-risk-v2.onnx", EvaluationTask.BinaryClassification, "credit-eval.csv", threshold: 0.8);

        Assert.Equal(expected.Accuracy, evaluation.Metrics[MetricCatalog.Accuracy], 12);
        Assert.Equal(expected.Precision, evaluation.Metrics[MetricCatalog.Precision], 12);
        Assert.Equal(expected.Recall, evaluation.Metrics[MetricCatalog.Recall], 12);
        Assert.NotEqual(BinaryReference(Samples.V2Weights, Samples.V2Bias, 0.5).Recall, expected.Recall);
    }

    [Theory]
    [InlineData("multiclass-v1.onnx")]
    [InlineData("multiclass-zipmap.onnx")]
    public async Task EvaluateAsync_MulticlassModelOnIrisLike_MetricsMatchIndependentComputation(string file)
    {
        var (features, labels, rows, featureCount) = Samples.Dataset("iris-like.csv");
        var predicted = Enumerable.Range(0, rows).Select(r => NearestCentre(features.AsSpan(r * featureCount, featureCount))).ToArray();
        var actual = labels.Select(l => (int)l).ToArray();

        var evaluation = await EvaluateAsync(file, EvaluationTask.MulticlassClassification, "iris-like.csv");

        Assert.Equal(rows, evaluation.Rows);
        Assert.Equal(4, evaluation.FeatureCount);
        Assert.Equal(actual.Zip(predicted).Count(p => p.First == p.Second) / (double)rows, evaluation.Metrics[MetricCatalog.Accuracy], 12);
        Assert.Equal(MacroF1(actual, predicted, classes: 3), evaluation.Metrics[MetricCatalog.MacroF1], 12);
    }

    [Fact]
    public async Task EvaluateAsync_RegressionModelOnHousingLike_MetricsMatchIndependentComputation()
    {
        var (features, prices, rows, featureCount) = Samples.Dataset("housing-like.csv");
        var errors = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var prediction = (double)Samples.RegressionBias;
            for (var f = 0; f < featureCount; f++)
            {
                prediction += features[(r * featureCount) + f] * (double)Samples.RegressionWeights[f];
            }

            errors[r] = prediction - prices[r];
        }

        var mean = prices.Average(p => (double)p);
        var expectedRmse = Math.Sqrt(errors.Average(e => e * e));
        var expectedMae = errors.Average(Math.Abs);
        var expectedR2 = 1 - (errors.Sum(e => e * e) / prices.Sum(p => (p - mean) * (p - mean)));

        var evaluation = await EvaluateAsync("regression-v1.onnx", EvaluationTask.Regression, "housing-like.csv", label: "price");

        Assert.Equal(rows, evaluation.Rows);
        Assert.Equal(["rooms", "area", "age"], evaluation.FeatureNames);
        Assert.Equal(expectedRmse, evaluation.Metrics[MetricCatalog.Rmse], FloatTolerance);
        Assert.Equal(expectedMae, evaluation.Metrics[MetricCatalog.Mae], FloatTolerance);
        Assert.Equal(expectedR2, evaluation.Metrics[MetricCatalog.R2], FloatTolerance);
    }

    [Fact]
    public async Task EvaluateAsync_ZipMapClassifier_MatchesTheTensorModelItWasBuiltFrom()
    {
        var expected = BinaryReference(Samples.V2Weights, Samples.V2Bias, EvaluationSpec.DefaultThreshold);

        var zipMap = await EvaluateAsync("zipmap-classifier.onnx", EvaluationTask.BinaryClassification, "credit-eval.csv");

        Assert.Equal(0.852, zipMap.Metrics[MetricCatalog.Accuracy], 12);
        Assert.Equal(expected.F1, zipMap.Metrics[MetricCatalog.F1], 12);
        Assert.Equal(expected.RocAuc, zipMap.Metrics[MetricCatalog.RocAuc], FloatTolerance);
    }

    [Theory]
    [InlineData("credit-risk-v2.onnx", EvaluationTask.BinaryClassification, "credit-eval.csv", "label")]
    [InlineData("scalar-output.onnx", EvaluationTask.BinaryClassification, "credit-eval.csv", "label")]
    [InlineData("two-column-output.onnx", EvaluationTask.BinaryClassification, "credit-eval.csv", "label")]
    [InlineData("multiclass-v1.onnx", EvaluationTask.MulticlassClassification, "iris-like.csv", "label")]
    [InlineData("regression-v1.onnx", EvaluationTask.Regression, "housing-like.csv", "price")]
    public async Task EvaluateAsync_BatchSizeOneOr1024_GivesIdenticalMetrics(string file, EvaluationTask task, string dataset, string label)
    {
        var one = await EvaluateAsync(file, task, dataset, label, options: new DatasetEvaluationOptions { BatchSize = 1 });
        var many = await EvaluateAsync(file, task, dataset, label, options: new DatasetEvaluationOptions { BatchSize = 1024 });

        Assert.Equal(many.Rows, one.Rows);
        Assert.Equal(Sorted(many.Metrics), Sorted(one.Metrics));
        Assert.Equal(many.LatencySampleRowsRowMajor, one.LatencySampleRowsRowMajor);
    }

    [Fact]
    public async Task EvaluatePairAsync_CandidateAndProduction_EqualTwoSingleEvaluations()
    {
        var spec = Spec(EvaluationTask.BinaryClassification);
        var options = new DatasetEvaluationOptions { BatchSize = 64 };
        using var candidateModel = OnnxModel.Load(Samples.Model("credit-risk-v3.onnx"));
        using var productionModel = OnnxModel.Load(Samples.Model("zipmap-classifier.onnx"));
        var candidate = new OnnxScorer(candidateModel, spec.Task);
        var production = new OnnxScorer(productionModel, spec.Task);

        DatasetEvaluationPair pair;
        await using (var stream = OpenDataset("credit-eval.csv"))
        {
            pair = await DatasetEvaluator.EvaluatePairAsync(candidate, production, stream, spec, options, CancellationToken.None);
        }

        var candidateAlone = await EvaluateAsync(candidate, "credit-eval.csv", spec, options);
        var productionAlone = await EvaluateAsync(production, "credit-eval.csv", spec, options);

        Assert.Equal(Sorted(candidateAlone.Metrics), Sorted(pair.Candidate.Metrics));
        Assert.Equal(Sorted(productionAlone.Metrics), Sorted(pair.Production));
        Assert.Equal(candidateAlone.Rows, pair.Candidate.Rows);
        Assert.Equal(candidateAlone.LatencySampleRowsRowMajor, pair.Candidate.LatencySampleRowsRowMajor);
        Assert.Equal(0.638, pair.Candidate.Metrics[MetricCatalog.Accuracy], 12);
        Assert.Equal(0.852, pair.Production[MetricCatalog.Accuracy], 12);
    }

    [Fact]
    public async Task EvaluateAsync_DefaultOptions_KeepsTheFirst200RowsForTheLatencyProbe()
    {
        var (features, _, _, featureCount) = Samples.Dataset("credit-eval.csv");

        var evaluation = await EvaluateAsync("credit-risk-v2.onnx", EvaluationTask.BinaryClassification, "credit-eval.csv");

        Assert.Equal(DatasetEvaluationOptions.DefaultLatencyRows, evaluation.LatencySampleCount);
        Assert.Equal(features[..(200 * featureCount)], evaluation.LatencySampleRowsRowMajor);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 7)]
    [InlineData(1000, 500)]
    public async Task EvaluateAsync_LatencyRowsAcrossBatches_KeepsThatManyLeadingRowsOrAll(int requested, int kept)
    {
        var (features, _, _, featureCount) = Samples.Dataset("credit-eval.csv");
        var options = new DatasetEvaluationOptions { BatchSize = 3, LatencyRows = requested };

        var evaluation = await EvaluateAsync("credit-risk-v2.onnx", EvaluationTask.BinaryClassification, "credit-eval.csv", options: options);

        Assert.Equal(kept, evaluation.LatencySampleCount);
        Assert.Equal(features[..(kept * featureCount)], evaluation.LatencySampleRowsRowMajor);
    }

    [Fact]
    public async Task EvaluateAsync_FeaturesNamedInSpec_IgnoresOtherColumns()
    {
        var csv = WithIdColumn(File.ReadAllText(DatasetPath("credit-eval.csv")));
        var spec = Spec(EvaluationTask.BinaryClassification) with { Features = ["f0", "f1", "f2"] };
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v2.onnx"));

        var evaluation = await DatasetEvaluator.EvaluateAsync(
            new OnnxScorer(model, spec.Task), Csv(csv), spec, DatasetEvaluationOptions.Default, CancellationToken.None);

        Assert.Equal(0.852, evaluation.Metrics[MetricCatalog.Accuracy], 12);
        Assert.Equal(["f0", "f1", "f2"], evaluation.FeatureNames);
    }

    private static async Task<DatasetEvaluation> EvaluateAsync(
        string modelFile,
        EvaluationTask task,
        string datasetFile,
        string label = "label",
        double? threshold = null,
        DatasetEvaluationOptions? options = null)
    {
        using var model = OnnxModel.Load(Samples.Model(modelFile));
        var spec = Spec(task, label) with { Threshold = threshold };
        return await EvaluateAsync(new OnnxScorer(model, task), datasetFile, spec, options ?? DatasetEvaluationOptions.Default);
    }

    private static async Task<DatasetEvaluation> EvaluateAsync(OnnxScorer scorer, string datasetFile, EvaluationSpec spec, DatasetEvaluationOptions options)
    {
        await using var stream = OpenDataset(datasetFile);
        return await DatasetEvaluator.EvaluateAsync(scorer, stream, spec, options, CancellationToken.None);
    }

    internal static EvaluationSpec Spec(EvaluationTask task, string label = "label") => new("test.csv", task, label);

    internal static string DatasetPath(string file) => Path.Combine(AppContext.BaseDirectory, "samples", "datasets", file);

    internal static FileStream OpenDataset(string file) => File.OpenRead(DatasetPath(file));

    internal static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string WithIdColumn(string csv)
    {
        var lines = csv.Split('\n').Where(l => l.Length > 0).ToArray();
        return string.Join('\n', lines.Select((line, i) => (i == 0 ? "id" : $"{i * 7}") + "," + line)) + "\n";
    }

    private static SortedDictionary<string, double> Sorted(IReadOnlyDictionary<string, double> metrics) => new(metrics.ToDictionary(), StringComparer.Ordinal);

    private static (double Accuracy, double Precision, double Recall, double F1, double RocAuc) BinaryReference(float[] weights, float bias, double threshold)
    {
        var (features, labels, rows, featureCount) = Samples.Dataset("credit-eval.csv");
        var scores = Enumerable.Range(0, rows).Select(r => Samples.Sigmoid(features.AsSpan(r * featureCount, featureCount), weights, bias)).ToArray();
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var r = 0; r < rows; r++)
        {
            var (predicted, positive) = (scores[r] >= threshold, labels[r] == 1f);
            _ = (predicted, positive) switch
            {
                (true, true) => tp++,
                (true, false) => fp++,
                (false, true) => fn++,
                _ => tn++,
            };
        }

        // AUC by its definition: the chance a random positive outranks a random negative, ties counting half.
        double wins = 0;
        var positives = Enumerable.Range(0, rows).Where(r => labels[r] == 1f).Select(r => scores[r]).ToArray();
        var negatives = Enumerable.Range(0, rows).Where(r => labels[r] == 0f).Select(r => scores[r]).ToArray();
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        return (
            (tp + tn) / (double)rows,
            tp / (double)(tp + fp),
            tp / (double)(tp + fn),
            2.0 * tp / ((2.0 * tp) + fp + fn),
            wins / ((double)positives.Length * negatives.Length));
    }

    // Softmax keeps the order of c_k . x - |c_k|^2 / 2, so the nearest centre is the predicted class.
    private static int NearestCentre(ReadOnlySpan<float> row)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < Samples.Centres.Length; k++)
        {
            double score = 0;
            for (var i = 0; i < row.Length; i++)
            {
                score += (row[i] * (double)Samples.Centres[k][i]) - (0.5 * Samples.Centres[k][i] * Samples.Centres[k][i]);
            }

            if (score > bestScore)
            {
                (best, bestScore) = (k, score);
            }
        }

        return best;
    }

    private static double MacroF1(int[] actual, int[] predicted, int classes)
    {
        var f1 = new List<double>();
        for (var c = 0; c < classes; c++)
        {
            var tp = actual.Zip(predicted).Count(p => p.First == c && p.Second == c);
            var fp = actual.Zip(predicted).Count(p => p.First != c && p.Second == c);
            var fn = actual.Zip(predicted).Count(p => p.First == c && p.Second != c);
            if (tp + fp + fn > 0)
            {
                f1.Add(2.0 * tp / ((2.0 * tp) + fp + fn));
            }
        }

        return f1.Average();
    }
}
