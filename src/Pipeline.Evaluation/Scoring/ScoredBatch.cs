namespace Pipeline.Evaluation.Scoring;

/// <summary>
/// The scores for one batch, row-major: one per row for binary classification (the positive-class
/// probability) and regression, one per class per row for multiclass classification.
/// </summary>
public sealed class ScoredBatch
{
    private readonly float[] scores;

    internal ScoredBatch(float[] scores, int rows, int scoresPerRow)
    {
        this.scores = scores;
        Rows = rows;
        ScoresPerRow = scoresPerRow;
    }

    /// <summary>How many rows were scored.</summary>
    public int Rows { get; }

    /// <summary>1 for binary classification and regression; the number of classes for multiclass.</summary>
    public int ScoresPerRow { get; }

    /// <summary>All scores, <see cref="Rows"/> × <see cref="ScoresPerRow"/>, row-major.</summary>
    public ReadOnlySpan<float> Scores => scores;

    /// <summary>The scores of one row.</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return scores.AsSpan(row * ScoresPerRow, ScoresPerRow);
    }
}
