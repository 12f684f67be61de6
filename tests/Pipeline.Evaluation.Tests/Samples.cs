using System.Globalization;

namespace Pipeline.Evaluation.Tests;

/// <summary>The committed sample models and datasets, and the numbers samples/generate_models.py built them from.</summary>
internal static class Samples
{
    // Mirrors TRUE_W/TRUE_B, V1_W/V1_B, V3_W/V3_B in generate_models.py; v2, v4 and the output variants use the truth.
    public static readonly float[] V1Weights = [2.0f, -0.9f, 0.5f];
    public const float V1Bias = -0.1f;
    public static readonly float[] V2Weights = [2.4f, -1.6f, 1.0f];
    public const float V2Bias = -0.3f;
    public static readonly float[] V3Weights = [1.0f, 0.4f, -0.2f];
    public const float V3Bias = 0.4f;

    // CENTRES in generate_models.py: multiclass score k is softmax over c_k . x - |c_k|^2 / 2.
    public static readonly float[][] Centres = [[5.0f, 3.4f, 1.5f, 0.2f], [5.9f, 2.8f, 4.3f, 1.3f], [6.6f, 3.0f, 5.6f, 2.0f]];

    // REG_W/REG_B: price = 12 rooms + 1.5 area - 0.8 age + 40.
    public static readonly float[] RegressionWeights = [12.0f, 1.5f, -0.8f];
    public const float RegressionBias = 40.0f;

    public static string Model(string file) => Path.Combine(AppContext.BaseDirectory, "samples", "models", file);

    /// <summary>A CSV of numbers with a header row, as the generator writes it: features row-major, then the last column.</summary>
    public static (float[] Features, float[] Targets, int Rows, int FeatureCount) Dataset(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "datasets", file));
        var featureCount = lines[0].Split(',').Length - 1;
        var rows = lines.Skip(1).Where(l => l.Length > 0).ToArray();
        var features = new float[rows.Length * featureCount];
        var targets = new float[rows.Length];
        for (var r = 0; r < rows.Length; r++)
        {
            var cells = rows[r].Split(',');
            for (var f = 0; f < featureCount; f++)
            {
                features[(r * featureCount) + f] = float.Parse(cells[f], CultureInfo.InvariantCulture);
            }

            targets[r] = float.Parse(cells[featureCount], CultureInfo.InvariantCulture);
        }

        return (features, targets, rows.Length, featureCount);
    }

    /// <summary>Rows spread over the region the models were built for, including large margins.</summary>
    public static float[] CreditRows(int rows)
    {
        var random = new Random(7);
        var data = new float[rows * 3];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((random.NextDouble() * 6) - 3);
        }

        return data;
    }

    public static double Sigmoid(ReadOnlySpan<float> row, float[] weights, float bias)
    {
        var z = (double)bias;
        for (var i = 0; i < weights.Length; i++)
        {
            z += row[i] * (double)weights[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }
}
