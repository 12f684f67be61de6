using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Metrics;

namespace Pipeline.Evaluation.Tests.Metrics;

public sealed class BinaryClassificationMetricsTests
{
    private const int Precision = 10;

    [Fact]
    public void Compute_KnownConfusionMatrix_GivesHandComputedMetrics()
    {
        // At threshold 0.5:
        //   positives (label 1): 0.9, 0.8, 0.7 predicted 1 (TP = 3); 0.2, 0.1 predicted 0 (FN = 2)
        //   negatives (label 0): 0.6 predicted 1 (FP = 1); 0.3, 0.2, 0.1, 0.05 predicted 0 (TN = 4)
        // accuracy  = (3 + 4) / 10        = 0.7
        // precision = 3 / (3 + 1)         = 0.75
        // recall    = 3 / (3 + 2)         = 0.6
        // f1        = 2·3 / (2·3 + 1 + 2) = 6 / 9 = 0.6667
        // rocAuc: for each positive, negatives below it, plus one half per tied negative:
        //   0.9 → 5, 0.8 → 5, 0.7 → 5, 0.2 → 2 + 0.5 (ties 0.2), 0.1 → 1 + 0.5 (ties 0.1) = 19; 19 / (5·5) = 0.76
        var metrics = new BinaryClassificationMetrics();
        metrics.Add(
            [0.9f, 0.8f, 0.7f, 0.2f, 0.1f, 0.6f, 0.3f, 0.2f, 0.1f, 0.05f],
            [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);

        var result = metrics.Compute(0.5);

        Assert.Equal(0.7, result[MetricCatalog.Accuracy], Precision);
        Assert.Equal(0.75, result[MetricCatalog.Precision], Precision);
        Assert.Equal(0.6, result[MetricCatalog.Recall], Precision);
        Assert.Equal(6.0 / 9.0, result[MetricCatalog.F1], Precision);
        Assert.Equal(0.76, result[MetricCatalog.RocAuc], Precision);
        Assert.Equal(10, result.Rows);
        Assert.Empty(result.Undefined);
    }

    [Fact]
    public void RocAuc_DistinctScores_IsFractionOfCorrectlyOrderedPairs()
    {
        // Positives 0.35 and 0.8, negatives 0.1 and 0.4.
        // 0.35 > 0.1 yes, 0.35 > 0.4 no, 0.8 > 0.1 yes, 0.8 > 0.4 yes → 3 of 4 pairs = 0.75
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.1f, 0.4f, 0.35f, 0.8f], [0, 0, 1, 1]);

        Assert.Equal(0.75, metrics.Compute()[MetricCatalog.RocAuc], Precision);
    }

    [Fact]
    public void RocAuc_TiedScores_CountOneHalfPerTiedPair()
    {
        // Positives 0.5 and 0.7, negatives 0.3 and 0.5.
        // 0.5 vs 0.3 → 1, 0.5 vs 0.5 (tie) → 0.5, 0.7 vs 0.3 → 1, 0.7 vs 0.5 → 1 → 3.5 / 4 = 0.875
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.3f, 0.5f, 0.5f, 0.7f], [0, 1, 0, 1]);

        Assert.Equal(0.875, metrics.Compute()[MetricCatalog.RocAuc], Precision);
    }

    [Fact]
    public void Compute_PerfectPredictor_HasAucAndAccuracyOne()
    {
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.1f, 0.2f, 0.8f, 0.9f], [0, 0, 1, 1]);

        var result = metrics.Compute();

        Assert.Equal(1.0, result[MetricCatalog.RocAuc], Precision);
        Assert.Equal(1.0, result[MetricCatalog.Accuracy], Precision);
        Assert.Equal(1.0, result[MetricCatalog.F1], Precision);
    }

    [Fact]
    public void Compute_ConstantPredictor_HasAucOneHalf()
    {
        // Every pair is a tie: 4 pairs × 0.5 / 4 = 0.5. Every score (0.5) is at the threshold, so every
        // row is predicted positive: accuracy 2 / 4, precision 2 / 4, recall 2 / 2.
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.5f, 0.5f, 0.5f, 0.5f], [0, 1, 0, 1]);

        var result = metrics.Compute(0.5);

        Assert.Equal(0.5, result[MetricCatalog.RocAuc], Precision);
        Assert.Equal(0.5, result[MetricCatalog.Accuracy], Precision);
        Assert.Equal(0.5, result[MetricCatalog.Precision], Precision);
        Assert.Equal(1.0, result[MetricCatalog.Recall], Precision);
    }

    [Fact]
    public void Compute_OneClassOnly_LeavesAucUndefinedWithReason()
    {
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.2f, 0.7f, 0.9f], [1, 1, 1]);

        var result = metrics.Compute();

        Assert.False(result.ContainsKey(MetricCatalog.RocAuc));
        Assert.Contains("only one class", result.Undefined[MetricCatalog.RocAuc], StringComparison.Ordinal);
        Assert.Equal(2.0 / 3.0, result[MetricCatalog.Accuracy], Precision);
        Assert.All(result.Values, value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void Compute_NoPositiveLabelsOrPredictions_PrecisionRecallAndF1AreZero()
    {
        // No positive label: recall's denominator TP + FN is 0 → 0 by convention. No positive prediction:
        // precision's denominator TP + FP is 0 → 0. F1 = 0 / (0 + 0 + 0) → 0.
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.1f, 0.2f], [0, 0]);

        var result = metrics.Compute(0.5);

        Assert.Equal(0.0, result[MetricCatalog.Precision]);
        Assert.Equal(0.0, result[MetricCatalog.Recall]);
        Assert.Equal(0.0, result[MetricCatalog.F1]);
        Assert.Equal(1.0, result[MetricCatalog.Accuracy]);
    }

    [Fact]
    public void Compute_ScoreEqualToThreshold_PredictsPositive()
    {
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.25f], [1]);

        Assert.Equal(1.0, metrics.Compute(0.25)[MetricCatalog.Recall]);
    }

    [Fact]
    public void Add_ManyBatches_GivesSameMetricsAsOneBatch()
    {
        var random = new Random(42);
        var scores = new float[1003];
        var labels = new float[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            labels[i] = random.Next(2);
            scores[i] = MathF.Round((float)random.NextDouble() + (labels[i] * 0.3f), 2); // rounded: many ties
        }

        var whole = new BinaryClassificationMetrics();
        whole.Add(scores, labels);
        var split = new BinaryClassificationMetrics();
        for (var start = 0; start < scores.Length; start += 17)
        {
            var length = Math.Min(17, scores.Length - start);
            split.Add(scores.AsSpan(start, length), labels.AsSpan(start, length));
        }

        var expected = whole.Compute(0.6);
        var actual = split.Compute(0.6);

        Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.Equal(scores.Length, actual.Rows);
    }

    [Fact]
    public void Compute_AfterMoreRowsAdded_IncludesThem()
    {
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.9f, 0.1f], [1, 0]);
        Assert.Equal(1.0, metrics.Compute()[MetricCatalog.RocAuc]);

        // A positive below the negative: pairs (0.9,0.1) yes, (0.9,0.8) yes, (0.05,0.1) no, (0.05,0.8) no → 0.5
        metrics.Add([0.05f, 0.8f], [1, 0]);

        Assert.Equal(0.5, metrics.Compute()[MetricCatalog.RocAuc], Precision);
    }

    [Fact]
    public void Add_LabelNotZeroOrOne_ThrowsWithRowAndAddsNothing()
    {
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([0.1f, 0.2f, 0.3f], [0, 1, 0]);

        var exception = Assert.Throws<DatasetException>(() => metrics.Add([0.4f, 0.5f], [1, 2]));

        Assert.Equal(5, exception.Row);
        Assert.Contains("Row 5", exception.Message, StringComparison.Ordinal);
        Assert.Equal(3, metrics.Rows);
    }

    [Fact]
    public void Add_NaNScore_ThrowsInvalidModelOutput()
    {
        var metrics = new BinaryClassificationMetrics();

        var exception = Assert.Throws<InvalidModelOutputException>(() => metrics.Add([0.4f, float.NaN], [1, 0]));

        Assert.Equal(2, exception.Row);
    }

    [Fact]
    public void Add_SpansOfDifferentLength_ThrowsArgumentException()
    {
        var metrics = new BinaryClassificationMetrics();

        Assert.Throws<ArgumentException>(() => metrics.Add([0.4f, 0.5f], [1]));
    }

    [Fact]
    public void Compute_NoRows_ThrowsDatasetException()
    {
        var exception = Assert.Throws<DatasetException>(() => new BinaryClassificationMetrics().Compute());

        Assert.Contains("No rows", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RocAuc_NegativeScoresAndSignedZeros_RankByValueWithZerosLevel()
    {
        // Positives -0 and 2; negatives -1 and +0. Pairs: (-0 > -1) 1, (-0 = +0) 0.5, (2 > -1) 1, (2 > +0) 1 → 3.5 / 4.
        var metrics = new BinaryClassificationMetrics();
        metrics.Add([-1f, -0f, 0f, 2f], [0f, 1f, 0f, 1f]);

        Assert.Equal(0.875, metrics.Compute(0.5)[MetricCatalog.RocAuc], 12);
    }

    [Fact]
    public void RocAuc_ManyRowsWithTies_MatchesPairByPairCount()
    {
        var random = new Random(11);
        var scores = Enumerable.Range(0, 3000).Select(_ => (float)Math.Round(random.NextDouble(), 2)).ToArray();
        var labels = scores.Select(s => random.NextDouble() < s ? 1f : 0f).ToArray();
        double wins = 0, pairs = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (labels[i] == 1f && labels[j] == 0f)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        var metrics = new BinaryClassificationMetrics();
        metrics.Add(scores.AsSpan(0, 1000), labels.AsSpan(0, 1000));
        metrics.Add(scores.AsSpan(1000), labels.AsSpan(1000));
        var first = metrics.Compute(0.5);
        var again = metrics.Compute(0.3);

        Assert.Equal(wins / pairs, first[MetricCatalog.RocAuc], 12);
        Assert.Equal(first[MetricCatalog.RocAuc], again[MetricCatalog.RocAuc], 12);
        Assert.Equal(scores.Zip(labels).Count(p => (p.First >= 0.3f) == (p.Second == 1f)) / (double)scores.Length, again[MetricCatalog.Accuracy], 12);
    }
}
