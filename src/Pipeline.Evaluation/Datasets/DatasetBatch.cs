namespace Pipeline.Evaluation.Datasets;

/// <summary>
/// A run of consecutive rows of an evaluation dataset. The arrays belong to the batch (a reader never
/// reuses them), and hold exactly <see cref="Rows"/> rows.
/// </summary>
/// <param name="Features">The feature values, row after row: <c>Rows × FeatureCount</c>, in the reader's feature order.</param>
/// <param name="Labels">The label of each row.</param>
/// <param name="Rows">How many rows the batch holds.</param>
/// <param name="FirstRowNumber">The data row number of the first row, counted from 1 (the header is not a row).</param>
public sealed record DatasetBatch(float[] Features, float[] Labels, int Rows, long FirstRowNumber);
