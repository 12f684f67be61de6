using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Bench;

/// <summary>
/// Throughput of OnnxScorer.ScoreBatch against a bare ONNX Runtime loop over the same in-memory rows, in one
/// process. The target is a ratio of at least 0.8.
/// </summary>
internal static class ScoringBenchmark
{
    private const int Rows = 1_000_000;
    private const int BatchSize = 1024;
    private const int Rounds = 5;

    public static void Run(string modelPath)
    {
        using var model = OnnxModel.Load(modelPath);
        var scorer = new OnnxScorer(model, EvaluationTask.BinaryClassification);
        var featureCount = scorer.FeatureCount ?? 3;

        var random = new Random(42);
        var features = new float[Rows * featureCount];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)((random.NextDouble() * 6) - 3);
        }

        // The baseline gets its own session with the same options, so neither side benefits from the other's warm caches more.
        using var options = OnnxModel.CreateSessionOptions();
        using var session = new InferenceSession(modelPath, options);
        var inputName = session.InputNames[0];
        string[] outputNames = [scorer.OutputName];
        var zipMap = session.OutputMetadata[scorer.OutputName].OnnxValueType == OnnxValueType.ONNX_TYPE_SEQUENCE;

        double ScorerLoop()
        {
            double checksum = 0;
            for (var start = 0; start < Rows; start += BatchSize)
            {
                var count = Math.Min(BatchSize, Rows - start);
                var batch = scorer.ScoreBatch(features.AsSpan(start * featureCount, count * featureCount), count, featureCount);
                checksum += batch.Scores[0];
            }

            return checksum;
        }

        double BareLoop()
        {
            double checksum = 0;
            for (var start = 0; start < Rows; start += BatchSize)
            {
                var count = Math.Min(BatchSize, Rows - start);
                var tensor = new DenseTensor<float>(features.AsMemory(start * featureCount, count * featureCount), [count, featureCount]);
                using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, tensor)], outputNames);
                if (zipMap)
                {
                    // ZipMap: one dictionary per row, read the way the runtime's samples do.
                    var maps = results[0].AsEnumerable<NamedOnnxValue>().Select(m => m.AsDictionary<long, float>()[1]).ToArray();
                    checksum += maps[0];
                }
                else
                {
                    var scores = results[0].AsEnumerable<float>().ToArray();
                    checksum += scores[0];
                }
            }

            return checksum;
        }

        Console.WriteLine($"Scoring: model {Path.GetFileName(modelPath)}, {Rows:N0} in-memory rows x {featureCount} features, batches of {BatchSize}, best of {Rounds} rounds");
        ScorerLoop();
        BareLoop();

        double bestScorer = double.MaxValue, bestBare = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            // Alternate, so drift in the machine's load hits both sides alike.
            bestBare = Math.Min(bestBare, Time(BareLoop));
            bestScorer = Math.Min(bestScorer, Time(ScorerLoop));
        }

        var scorerRate = Rows / bestScorer;
        var bareRate = Rows / bestBare;
        Console.WriteLine($"  bare ONNX Runtime loop : {bareRate,14:N0} rows/s ({bestBare * 1000:F1} ms)");
        Console.WriteLine($"  OnnxScorer.ScoreBatch  : {scorerRate,14:N0} rows/s ({bestScorer * 1000:F1} ms)");
        Console.WriteLine($"  ratio scorer / bare    : {scorerRate / bareRate,14:F2} (target >= 0.80)");
    }

    private static double Time(Func<double> loop)
    {
        var start = Stopwatch.GetTimestamp();
        loop();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
