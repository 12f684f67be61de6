using System.Globalization;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;

namespace Pipeline.Evaluation.Metrics;

/// <summary>
/// Scores a multiclass classifier: accuracy and macro-F1, from a K×K confusion matrix. Fed in batches;
/// memory is the matrix only.
/// </summary>
/// <remarks>
/// The prediction is the class with the highest score; on a tie, the lowest class index. Macro-F1
/// follows scikit-learn's <c>f1_score(average="macro")</c>: it averages the per-class F1
/// (<c>2TP / (2TP + FP + FN)</c>) over the classes present in the labels or in the predictions. A class
/// that appears in neither is left out of the average (it says nothing about the model); a class that
/// is predicted but never true, or true but never predicted, counts with F1 = 0.
/// </remarks>
public sealed class MulticlassClassificationMetrics
{
    private readonly long[] confusion;
    private long count;

    /// <summary>Creates the accumulator for a model with <paramref name="classCount"/> classes (labels 0 to K−1).</summary>
    public MulticlassClassificationMetrics(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ClassCount = classCount;
        confusion = new long[checked(classCount * classCount)];
    }

    /// <summary>The number of classes, K.</summary>
    public int ClassCount { get; }

    /// <summary>How many rows have been added.</summary>
    public long Rows => count;

    /// <summary>Adds a batch of rows.</summary>
    /// <param name="scoresRowMajor">K scores per row, row after row (rows × K).</param>
    /// <param name="labels">Per row, the true class: a whole number from 0 to K−1.</param>
    /// <exception cref="ArgumentException">The scores are not K per label.</exception>
    /// <exception cref="DatasetException">A label is not a class index; nothing of the batch is added.</exception>
    /// <exception cref="InvalidModelOutputException">A score is NaN; nothing of the batch is added.</exception>
    public void Add(ReadOnlySpan<float> scoresRowMajor, ReadOnlySpan<float> labels)
    {
        var k = ClassCount;
        if (scoresRowMajor.Length != (long)labels.Length * k)
        {
            throw new ArgumentException($"A batch has {k} scores per label: {scoresRowMajor.Length} scores for {labels.Length} labels.", nameof(scoresRowMajor));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (!(label >= 0 && label < k && label == MathF.Floor(label)))
            {
                var row = count + i + 1;
                throw new DatasetException($"Row {row}: a class label is a whole number from 0 to {k - 1}, not {label.ToString(CultureInfo.InvariantCulture)}.", row);
            }

            if (HasNaN(scoresRowMajor.Slice(i * k, k)))
            {
                var row = count + i + 1;
                throw new InvalidModelOutputException($"Row {row}: a class score from the model is NaN.", row);
            }
        }

        for (var i = 0; i < labels.Length; i++)
        {
            var actual = (int)labels[i];
            var predicted = ArgMax(scoresRowMajor.Slice(i * k, k));
            confusion[(actual * k) + predicted]++;
        }

        count += labels.Length;
    }

    /// <summary>How many rows of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long Confusion(int actual, int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, ClassCount);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
        return confusion[(actual * ClassCount) + predicted];
    }

    /// <summary>Computes accuracy and macro-F1 over every row added so far.</summary>
    /// <exception cref="DatasetException">No rows have been added.</exception>
    public ComputedMetrics Compute()
    {
        if (count == 0)
        {
            throw new DatasetException("No rows were scored, so no classification metric is defined; the evaluation dataset is empty.");
        }

        var k = ClassCount;
        long correct = 0;
        double f1Sum = 0;
        var classesAveraged = 0;
        for (var c = 0; c < k; c++)
        {
            long support = 0, predictedAs = 0;
            for (var other = 0; other < k; other++)
            {
                support += confusion[(c * k) + other];
                predictedAs += confusion[(other * k) + c];
            }

            var truePositives = confusion[(c * k) + c];
            correct += truePositives;
            if (support == 0 && predictedAs == 0)
            {
                continue;
            }

            var falsePositives = predictedAs - truePositives;
            var falseNegatives = support - truePositives;
            f1Sum += 2.0 * truePositives / ((2.0 * truePositives) + falsePositives + falseNegatives);
            classesAveraged++;
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricCatalog.Accuracy] = (double)correct / count,
            [MetricCatalog.MacroF1] = f1Sum / classesAveraged,
        };
        return new ComputedMetrics(count, values);
    }

    private static bool HasNaN(ReadOnlySpan<float> scores)
    {
        foreach (var score in scores)
        {
            if (float.IsNaN(score))
            {
                return true;
            }
        }

        return false;
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        var best = 0;
        for (var c = 1; c < scores.Length; c++)
        {
            // Strictly greater: on a tie the first class wins, as numpy's argmax does.
            if (scores[c] > scores[best])
            {
                best = c;
            }
        }

        return best;
    }
}
