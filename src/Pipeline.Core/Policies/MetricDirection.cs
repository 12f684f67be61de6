namespace Pipeline.Core.Policies;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection
{
    /// <summary>A larger value is a better model (accuracy, F1, R², ...).</summary>
    HigherIsBetter,

    /// <summary>A smaller value is a better model (RMSE, MAE).</summary>
    LowerIsBetter,
}
