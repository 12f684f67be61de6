using System.Globalization;
using System.Text;

namespace Pipeline.Evaluation.Bench;

/// <summary>Where the samples are, and the synthetic credit datasets the evaluation figures read.</summary>
internal static class BenchFiles
{
    // credit-risk-v2's weights (TRUE_W, TRUE_B in samples/generate_models.py): labels drawn from them look like credit-eval.csv.
    private static readonly double[] Weights = [2.4, -1.6, 1.0];
    private const double Bias = -0.3;

    public static string SampleModel(string file) => Path.Combine(RepositoryRoot(), "samples", "models", file);

    /// <summary>
    /// Writes <paramref name="rows"/> rows of <c>f0,f1,f2,label</c> the way generate_models.py writes
    /// credit-eval.csv: standard normal features with four decimals, labels drawn from the logistic model.
    /// The seed is fixed, so a smaller file is a prefix of a larger one.
    /// </summary>
    public static void WriteCreditCsv(string path, int rows)
    {
        var random = new Random(20_260_301);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        writer.NewLine = "\n";
        writer.WriteLine("f0,f1,f2,label");
        Span<double> x = stackalloc double[3];
        var line = new StringBuilder();
        for (var r = 0; r < rows; r++)
        {
            var z = Bias;
            line.Clear();
            for (var f = 0; f < 3; f++)
            {
                x[f] = Math.Round(Normal(random), 4);
                z += Weights[f] * x[f];
                line.Append(x[f].ToString(CultureInfo.InvariantCulture)).Append(',');
            }

            var label = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? '1' : '0';
            writer.WriteLine(line.Append(label));
        }
    }

    public static FileStream OpenCsv(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pipeline.sln not found above the benchmark; pass the model path after the mode.");
    }
}
