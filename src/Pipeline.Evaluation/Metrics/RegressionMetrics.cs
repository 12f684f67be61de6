using System.Globalization;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;

namespace Pipeline.Evaluation.Metrics;

/// <summary>
/// Scores a regression model: RMSE, MAE and R². Fed in batches; memory is a handful of running sums.
/// </summary>
/// <remarks>
/// Everything accumulates in <see cref="double"/>. The target's mean and sum of squared deviations use
/// Welford's update, which stays accurate where the textbook <c>Σy² − (Σy)²/n</c> cancels catastrophically
/// (large targets with a small spread). R² of a constant target is undefined (its variance is zero): it
/// is left out of the result and listed in <see cref="ComputedMetrics.Undefined"/>.
/// </remarks>
public sealed class RegressionMetrics
{
    private long count;
    private double targetMean;
    private double targetSquaredDeviations;
    private double squaredErrors;
    private double absoluteErrors;

    /// <summary>How many rows have been added.</summary>
    public long Rows => count;

    /// <summary>Adds a batch of rows.</summary>
    /// <param name="predictions">Per row, the model's prediction.</param>
    /// <param name="targets">Per row, the true value.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="DatasetException">A target is not finite; nothing of the batch is added.</exception>
    /// <exception cref="InvalidModelOutputException">A prediction is not finite; nothing of the batch is added.</exception>
    public void Add(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (predictions.Length != targets.Length)
        {
            throw new ArgumentException($"A batch has one prediction per target: {predictions.Length} predictions, {targets.Length} targets.", nameof(predictions));
        }

        for (var i = 0; i < targets.Length; i++)
        {
            if (!float.IsFinite(targets[i]))
            {
                var row = count + i + 1;
                throw new DatasetException($"Row {row}: a regression target must be a finite number, not {targets[i].ToString(CultureInfo.InvariantCulture)}.", row);
            }

            if (!float.IsFinite(predictions[i]))
            {
                var row = count + i + 1;
                throw new InvalidModelOutputException($"Row {row}: the model's prediction is {predictions[i].ToString(CultureInfo.InvariantCulture)}, not a finite number.", row);
            }
        }

        for (var i = 0; i < targets.Length; i++)
        {
            double target = targets[i];
            var error = predictions[i] - target;
            squaredErrors += error * error;
            absoluteErrors += Math.Abs(error);

            count++;
            var delta = target - targetMean;
            targetMean += delta / count;
            targetSquaredDeviations += delta * (target - targetMean);
        }
    }

    /// <summary>Computes RMSE, MAE and R² over every row added so far.</summary>
    /// <exception cref="DatasetException">No rows have been added.</exception>
    public ComputedMetrics Compute()
    {
        if (count == 0)
        {
            throw new DatasetException("No rows were scored, so no regression metric is defined; the evaluation dataset is empty.");
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricCatalog.Rmse] = Math.Sqrt(squaredErrors / count),
            [MetricCatalog.Mae] = absoluteErrors / count,
        };
        var undefined = new Dictionary<string, string>(StringComparer.Ordinal);

        if (targetSquaredDeviations > 0)
        {
            values[MetricCatalog.R2] = 1 - (squaredErrors / targetSquaredDeviations);
        }
        else
        {
            undefined[MetricCatalog.R2] = $"the target is constant ({targetMean.ToString("R", CultureInfo.InvariantCulture)} in all {count} rows), so it has no variance to explain.";
        }

        return new ComputedMetrics(count, values, undefined);
    }
}
