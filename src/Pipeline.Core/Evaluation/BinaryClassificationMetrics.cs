using Pipeline.Core.Policies;

namespace Pipeline.Core.Evaluation;

/// <summary>
/// Scores a binary classifier: accuracy, precision, recall, F1 at a threshold, and ROC AUC. Fed in batches.
/// </summary>
/// <remarks>
/// ROC AUC needs every score at once, so each row's score and label are kept (a <see cref="float"/> and a
/// <see cref="byte"/>: about 5 bytes per row, 50 MB for ten million rows); nothing else is.
/// <para>Conventions where a ratio has a zero denominator, following scikit-learn's <c>zero_division=0</c>:
/// precision with no positive predictions is 0; recall with no positive labels is 0; F1 is
/// <c>2TP / (2TP + FP + FN)</c>, which is 0 when there is no true positive. ROC AUC with only one class
/// present is undefined: it is left out of the result and listed in <see cref="ComputedMetrics.Undefined"/>.</para>
/// </remarks>
public sealed class BinaryClassificationMetrics
{
    private const int InitialCapacity = 4096;

    private float[] scores = [];
    private byte[] labels = [];
    private int count;
    private bool sorted = true;

    /// <summary>How many rows have been added.</summary>
    public long Rows => count;

    /// <summary>Adds a batch of rows.</summary>
    /// <param name="positiveScores">Per row, the model's score for the positive class; a higher score means more likely positive.</param>
    /// <param name="labels">Per row, the true label: 0 or 1.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="DatasetException">A label is not 0 or 1; nothing of the batch is added.</exception>
    /// <exception cref="InvalidModelOutputException">A score is NaN; nothing of the batch is added.</exception>
    public void Add(ReadOnlySpan<float> positiveScores, ReadOnlySpan<float> labels)
    {
        if (positiveScores.Length != labels.Length)
        {
            throw new ArgumentException($"A batch has one score per label: {positiveScores.Length} scores, {labels.Length} labels.", nameof(positiveScores));
        }

        // Check the whole batch first so a bad row leaves the accumulator as it was.
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label is not (0f or 1f))
            {
                var row = count + i + 1L;
                throw new DatasetException($"Row {row}: a binary label is 0 or 1, not {label.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", row);
            }

            if (float.IsNaN(positiveScores[i]))
            {
                var row = count + i + 1L;
                throw new InvalidModelOutputException($"Row {row}: the model's score is NaN.", row);
            }
        }

        if (labels.Length == 0)
        {
            return;
        }

        EnsureCapacity(checked(count + labels.Length));
        positiveScores.CopyTo(scores.AsSpan(count));
        var labelTarget = this.labels.AsSpan(count, labels.Length);
        for (var i = 0; i < labels.Length; i++)
        {
            labelTarget[i] = labels[i] == 1f ? (byte)1 : (byte)0;
        }

        count += labels.Length;
        sorted = false;
    }

    /// <summary>Computes the metrics over every row added so far.</summary>
    /// <param name="threshold">A score at or above it predicts the positive class.</param>
    /// <exception cref="DatasetException">No rows have been added.</exception>
    public ComputedMetrics Compute(double threshold = EvaluationSpec.DefaultThreshold)
    {
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a number.");
        }

        if (count == 0)
        {
            throw new DatasetException("No rows were scored, so no classification metric is defined; the evaluation dataset is empty.");
        }

        long truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0;
        var scoreSpan = scores.AsSpan(0, count);
        var labelSpan = labels.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            var predictedPositive = scoreSpan[i] >= threshold;
            var positive = labelSpan[i] == 1;
            if (predictedPositive)
            {
                if (positive)
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }
            }
            else if (positive)
            {
                falseNegatives++;
            }
            else
            {
                trueNegatives++;
            }
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricCatalog.Accuracy] = (double)(truePositives + trueNegatives) / count,
            [MetricCatalog.Precision] = Ratio(truePositives, truePositives + falsePositives),
            [MetricCatalog.Recall] = Ratio(truePositives, truePositives + falseNegatives),
            [MetricCatalog.F1] = Ratio(2 * truePositives, (2 * truePositives) + falsePositives + falseNegatives),
        };
        var undefined = new Dictionary<string, string>(StringComparer.Ordinal);

        var positives = truePositives + falseNegatives;
        var negatives = falsePositives + trueNegatives;
        if (positives == 0 || negatives == 0)
        {
            undefined[MetricCatalog.RocAuc] = $"only one class present: all {count} labels are {(positives == 0 ? 0 : 1)}, so no positive can be ranked against a negative.";
        }
        else
        {
            values[MetricCatalog.RocAuc] = RocAuc(positives, negatives);
        }

        return new ComputedMetrics(count, values, undefined);
    }

    /// <summary>
    /// The probability that a random positive scores higher than a random negative, a tie counting one
    /// half (the Mann–Whitney U statistic over P·N). Positives are grouped first and each group's
    /// scores sorted on their own (two single-array sorts, much faster than one keyed sort, and no
    /// extra memory); then one walk counts, for each positive, the negatives below it and level with it.
    /// </summary>
    private double RocAuc(long positives, long negatives)
    {
        var positiveCount = (int)positives;
        if (!sorted)
        {
            GroupPositivesFirst();
            Array.Sort(scores, 0, positiveCount);
            Array.Sort(scores, positiveCount, count - positiveCount);
            sorted = true;
        }

        var negativeScores = scores.AsSpan(positiveCount, count - positiveCount);
        double wins = 0;
        int below = 0, belowOrLevel = 0;
        foreach (var score in scores.AsSpan(0, positiveCount))
        {
            while (below < negativeScores.Length && negativeScores[below] < score)
            {
                below++;
            }

            belowOrLevel = Math.Max(belowOrLevel, below);
            while (belowOrLevel < negativeScores.Length && negativeScores[belowOrLevel] <= score)
            {
                belowOrLevel++;
            }

            wins += below + (0.5 * (belowOrLevel - below));
        }

        return wins / ((double)positives * negatives);
    }

    // Moves every positive row (score and label) before every negative one; the order of rows does not
    // matter to any metric.
    private void GroupPositivesFirst()
    {
        int front = 0, back = count - 1;
        while (true)
        {
            while (front <= back && labels[front] == 1)
            {
                front++;
            }

            while (front <= back && labels[back] == 0)
            {
                back--;
            }

            if (front >= back)
            {
                return;
            }

            (scores[front], scores[back]) = (scores[back], scores[front]);
            (labels[front], labels[back]) = (labels[back], labels[front]);
        }
    }

    private void EnsureCapacity(int required)
    {
        if (required <= scores.Length)
        {
            return;
        }

        var capacity = Math.Max(required, (int)Math.Min(Array.MaxLength, Math.Max(InitialCapacity, 2L * scores.Length)));
        Array.Resize(ref scores, capacity);
        Array.Resize(ref labels, capacity);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
