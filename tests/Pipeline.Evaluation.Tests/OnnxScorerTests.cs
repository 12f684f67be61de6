using Pipeline.Core.Policies;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Tests;

public sealed class OnnxScorerTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, float[], float> LogisticModels => new()
    {
        { "credit-risk-v1.onnx", Samples.V1Weights, Samples.V1Bias },
        { "credit-risk-v2.onnx", Samples.V2Weights, Samples.V2Bias },
        { "credit-risk-v3.onnx", Samples.V3Weights, Samples.V3Bias },
        { "scalar-output.onnx", Samples.V2Weights, Samples.V2Bias },
        { "two-column-output.onnx", Samples.V2Weights, Samples.V2Bias },
        { "zipmap-classifier.onnx", Samples.V2Weights, Samples.V2Bias },
    };

    [Theory]
    [MemberData(nameof(LogisticModels))]
    public void ScoreBatch_BinaryModel_ReturnsSigmoidOfKnownWeights(string file, float[] weights, float bias)
    {
        using var model = OnnxModel.Load(Samples.Model(file));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);
        const int rows = 64;
        var features = Samples.CreditRows(rows);

        var batch = scorer.ScoreBatch(features, rows, 3);

        Assert.Equal(rows, batch.Rows);
        Assert.Equal(1, batch.ScoresPerRow);
        Assert.Equal(rows, batch.Scores.Length);
        for (var r = 0; r < rows; r++)
        {
            var expected = Samples.Sigmoid(features.AsSpan(r * 3, 3), weights, bias);
            Assert.Equal(expected, batch.Row(r)[0], Tolerance);
        }
    }

    [Fact]
    public void Constructor_ZipMapModelWithDefaults_ReadsProbabilitiesNotLabel()
    {
        using var model = OnnxModel.Load(Samples.Model("zipmap-classifier.onnx"));

        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        Assert.Equal("features", scorer.InputName);
        Assert.Equal("probabilities", scorer.OutputName);
        Assert.Equal(3, scorer.FeatureCount);
    }

    [Fact]
    public void ScoreBatch_ZipMapModelWithLabelOutputNamed_ReadsProbabilitiesBehindTheLabel()
    {
        using var model = OnnxModel.Load(Samples.Model("zipmap-classifier.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification, outputName: "label");
        float[] row = [1.0f, 0.5f, -0.25f];

        var batch = scorer.ScoreBatch(row, 1, 3);

        Assert.Equal("probabilities", scorer.OutputName);
        Assert.Equal(Samples.Sigmoid(row, Samples.V2Weights, Samples.V2Bias), batch.Scores[0], Tolerance);
    }

    [Fact]
    public void ScoreBatch_MulticlassSoftmaxModel_ReturnsKScoresPerRowMatchingSoftmax()
    {
        using var model = OnnxModel.Load(Samples.Model("multiclass-v1.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.MulticlassClassification);
        var (features, _, rows, featureCount) = Samples.Dataset("iris-like.csv");

        var batch = scorer.ScoreBatch(features, rows, featureCount);

        Assert.Equal(3, batch.ScoresPerRow);
        Assert.Equal(rows * 3, batch.Scores.Length);
        for (var r = 0; r < rows; r++)
        {
            var expected = Softmax(features.AsSpan(r * 4, 4));
            var actual = batch.Row(r);
            for (var k = 0; k < 3; k++)
            {
                Assert.Equal(expected[k], actual[k], Tolerance);
            }
        }
    }

    [Fact]
    public void ScoreBatch_MulticlassZipMapModel_MatchesTheSoftmaxModelPerClass()
    {
        using var tensorModel = OnnxModel.Load(Samples.Model("multiclass-v1.onnx"));
        using var zipMapModel = OnnxModel.Load(Samples.Model("multiclass-zipmap.onnx"));
        var (features, _, rows, featureCount) = Samples.Dataset("iris-like.csv");

        var fromTensor = new OnnxScorer(tensorModel, EvaluationTask.MulticlassClassification).ScoreBatch(features, rows, featureCount);
        var zipMapScorer = new OnnxScorer(zipMapModel, EvaluationTask.MulticlassClassification);
        var fromZipMap = zipMapScorer.ScoreBatch(features, rows, featureCount);

        Assert.Equal("probabilities", zipMapScorer.OutputName);
        Assert.Equal(3, fromZipMap.ScoresPerRow);
        for (var i = 0; i < fromTensor.Scores.Length; i++)
        {
            Assert.Equal(fromTensor.Scores[i], fromZipMap.Scores[i], Tolerance);
        }
    }

    [Fact]
    public void ScoreBatch_RegressionModelWithVectorOutput_ReturnsLinearPrediction()
    {
        using var model = OnnxModel.Load(Samples.Model("regression-v1.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.Regression);
        var (features, _, rows, featureCount) = Samples.Dataset("housing-like.csv");

        var batch = scorer.ScoreBatch(features, rows, featureCount);

        Assert.Equal("price", scorer.OutputName);
        Assert.Equal(1, batch.ScoresPerRow);
        for (var r = 0; r < rows; r++)
        {
            var expected = (double)Samples.RegressionBias;
            for (var f = 0; f < featureCount; f++)
            {
                expected += features[(r * featureCount) + f] * (double)Samples.RegressionWeights[f];
            }

            // Prices run to a few hundred, so float32 carries about 1e-5 relative, not absolute, precision.
            Assert.Equal(expected, batch.Scores[r], 1e-3);
        }
    }

    [Fact]
    public void ScoreBatch_RegressionOnColumnOutput_ReadsOneValuePerRow()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v1.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.Regression);
        var features = Samples.CreditRows(5);

        var batch = scorer.ScoreBatch(features, 5, 3);

        Assert.Equal(1, batch.ScoresPerRow);
        Assert.Equal(5, batch.Scores.Length);
    }

    [Theory]
    [InlineData("credit-risk-v2.onnx")]
    [InlineData("scalar-output.onnx")]
    [InlineData("two-column-output.onnx")]
    public void ScoreBatch_DifferentBatchSizes_GiveIdenticalScores(string file)
    {
        var (whole, pieced) = ScoreWholeAndPieced(file);

        Assert.All(pieced, p => Assert.Equal(whole, p));
    }

    [Fact]
    public void ScoreBatch_ZipMapModelInDifferentBatchSizes_AgreesWithinFloatRounding()
    {
        var (whole, pieced) = ScoreWholeAndPieced("zipmap-classifier.onnx");

        // Not bit-identical: the runtime's LinearClassifier takes a different (vectorised) logistic path for
        // a one-row batch than for larger ones, a difference in the last bits of float32.
        Assert.All(pieced, p => Assert.All(whole.Zip(p), pair => Assert.Equal(pair.First, pair.Second, 1e-6)));
    }

    [Fact]
    public void ScoreBatch_FeatureCountDiffersFromModel_ThrowsScoringException()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v1.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        var e = Assert.Throws<ScoringException>(() => scorer.ScoreBatch(new float[8], 2, 4));

        Assert.Equal("The model's input 'features' takes 3 features per row; the data has 4.", e.Message);
    }

    [Fact]
    public void ScoreBatch_SpanLengthDisagreesWithRows_ThrowsArgumentException()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v1.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        Assert.Throws<ArgumentException>(() => scorer.ScoreBatch(new float[10], 3, 3));
    }

    [Fact]
    public void Constructor_UnknownInputName_ThrowsScoringExceptionListingInputs()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v4.onnx"));

        var e = Assert.Throws<ScoringException>(() => new OnnxScorer(model, EvaluationTask.BinaryClassification, inputName: "features"));

        Assert.Contains("'inputs'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreBatch_AfterModelDisposed_ThrowsObjectDisposed()
    {
        var model = OnnxModel.Load(Samples.Model("credit-risk-v1.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => scorer.ScoreBatch(new float[3], 1, 3));
    }

    [Fact]
    public void Constructor_UnknownOutputName_ThrowsScoringException()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v1.onnx"));

        Assert.Throws<ScoringException>(() => new OnnxScorer(model, EvaluationTask.BinaryClassification, outputName: "scores"));
    }

    [Fact]
    public void Constructor_RegressionOnZipMapLabel_ThrowsScoringException()
    {
        using var model = OnnxModel.Load(Samples.Model("zipmap-classifier.onnx"));

        var e = Assert.Throws<ScoringException>(() => new OnnxScorer(model, EvaluationTask.Regression));

        Assert.Contains("'label'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreBatch_BinaryTaskOnThreeClassOutput_ThrowsScoringException()
    {
        using var model = OnnxModel.Load(Samples.Model("multiclass-v1.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        var e = Assert.Throws<ScoringException>(() => scorer.ScoreBatch(new float[4], 1, 4));

        Assert.Contains("3 value(s) per row", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreBatch_BinaryTaskOnThreeClassZipMap_ThrowsScoringException()
    {
        using var model = OnnxModel.Load(Samples.Model("multiclass-zipmap.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);

        var e = Assert.Throws<ScoringException>(() => scorer.ScoreBatch(new float[4], 1, 4));

        Assert.Contains("{0, 1}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreBatch_MulticlassTaskOnSingleProbability_ThrowsScoringException()
    {
        using var model = OnnxModel.Load(Samples.Model("scalar-output.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.MulticlassClassification);

        Assert.Throws<ScoringException>(() => scorer.ScoreBatch(new float[3], 1, 3));
    }

    [Fact]
    public async Task ScoreBatch_FromSeveralThreads_GivesTheSameScores()
    {
        using var model = OnnxModel.Load(Samples.Model("zipmap-classifier.onnx"));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);
        var features = Samples.CreditRows(256);
        var expected = scorer.ScoreBatch(features, 256, 3).Scores.ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => scorer.ScoreBatch(features, 256, 3).Scores.ToArray())));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static (float[] Whole, List<float[]> Pieced) ScoreWholeAndPieced(string file)
    {
        using var model = OnnxModel.Load(Samples.Model(file));
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);
        const int rows = 1000;
        var features = Samples.CreditRows(rows);
        var whole = scorer.ScoreBatch(features, rows, 3).Scores.ToArray();

        var pieced = new List<float[]>();
        foreach (var batchSize in new[] { 1, 7, 64, 333, 999 })
        {
            var scores = new List<float>(rows);
            for (var start = 0; start < rows; start += batchSize)
            {
                var count = Math.Min(batchSize, rows - start);
                scores.AddRange(scorer.ScoreBatch(features.AsSpan(start * 3, count * 3), count, 3).Scores.ToArray());
            }

            pieced.Add([.. scores]);
        }

        return (whole, pieced);
    }

    private static double[] Softmax(ReadOnlySpan<float> row)
    {
        var z = new double[3];
        for (var k = 0; k < 3; k++)
        {
            var centre = Samples.Centres[k];
            double dot = 0, norm = 0;
            for (var i = 0; i < 4; i++)
            {
                dot += row[i] * (double)centre[i];
                norm += centre[i] * (double)centre[i];
            }

            z[k] = dot - (norm / 2);
        }

        var max = z.Max();
        var exp = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(v => v / sum)];
    }
}
