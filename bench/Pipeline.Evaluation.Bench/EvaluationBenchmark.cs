using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Datasets;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Runs;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Bench;

/// <summary>
/// The issue's evaluation figures: DatasetEvaluator throughput (CSV parse + scoring + metrics) against a bare
/// loop that parses the same CSV the simplest way and runs the same model (target at least 0.8), and the peak
/// memory of a 1,000,000-row evaluation against a 10,000-row one (target at most 1.5).
/// </summary>
internal static class EvaluationBenchmark
{
    private const int LargeRows = 1_000_000;
    private const int SmallRows = 10_000;
    private const int BatchSize = DatasetEvaluationOptions.DefaultBatchSize;
    private const int Rounds = 5;

    public static async Task RunAsync(string modelPath)
    {
        var directory = Directory.CreateTempSubdirectory("pipeline-evaluation-bench-");
        try
        {
            var large = Path.Combine(directory.FullName, $"credit-{LargeRows}.csv");
            var small = Path.Combine(directory.FullName, $"credit-{SmallRows}.csv");
            BenchFiles.WriteCreditCsv(large, LargeRows);
            BenchFiles.WriteCreditCsv(small, SmallRows);

            var (bareSeconds, evaluatorSeconds, readerSeconds, bareAccuracy, evaluatorAccuracy) = await MeasureThroughputAsync(modelPath, large);

            var smallMemory = await MemoryRun.MeasureAsync(small, SmallRows, modelPath);
            var largeMemory = await MemoryRun.MeasureAsync(large, LargeRows, modelPath);

            var bareRate = LargeRows / bareSeconds;
            var evaluatorRate = LargeRows / evaluatorSeconds;
            var throughputRatio = evaluatorRate / bareRate;
            var memoryRatio = (double)largeMemory.PeakWorkingSetBytes / smallMemory.PeakWorkingSetBytes;

            Console.WriteLine(
                $"Evaluation: model {Path.GetFileName(modelPath)}, generated CSV of {LargeRows:N0} rows x 3 features + label " +
                $"({new FileInfo(large).Length / 1e6:F1} MB), batches of {BatchSize}, best of {Rounds} rounds");
            Console.WriteLine();
            Console.WriteLine($"  {"Throughput (1,000,000 rows)",-58} {"rows/s",12} {"time",10}   {"accuracy",8}");
            Console.WriteLine($"  {"bare loop: ReadLine, Split, float.Parse, Run, count hits",-58} {bareRate,12:N0} {bareSeconds * 1000,7:F0} ms   {bareAccuracy,8:F4}");
            Console.WriteLine($"  {"DatasetEvaluator.EvaluateAsync (parse + score + metrics)",-58} {evaluatorRate,12:N0} {evaluatorSeconds * 1000,7:F0} ms   {evaluatorAccuracy,8:F4}");
            Console.WriteLine($"  {"ratio evaluator / bare loop",-58} {throughputRatio,12:F2}   target >= 0.80  {Verdict(throughputRatio >= 0.8)}");
            Console.WriteLine($"  {"for context: CsvDatasetReader batches alone, no scoring",-58} {LargeRows / readerSeconds,12:N0} {readerSeconds * 1000,7:F0} ms");
            Console.WriteLine();
            Console.WriteLine($"  {"Peak memory (one child process per size)",-42} {"peak working set",17} {"GC heap",10} {"GC total",10} {"gen0 GCs",9}");
            Console.WriteLine(Describe($"{SmallRows:N0} rows", smallMemory));
            Console.WriteLine(Describe($"{LargeRows:N0} rows", largeMemory));
            Console.WriteLine($"  {"ratio 1,000,000 / 10,000 rows (peak working set)",-42} {memoryRatio,17:F2}   target <= 1.50  {Verdict(memoryRatio <= 1.5)}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<(double Bare, double Evaluator, double Reader, double BareAccuracy, double EvaluatorAccuracy)> MeasureThroughputAsync(string modelPath, string csv)
    {
        using var model = OnnxModel.Load(modelPath);
        var spec = new EvaluationSpec(Path.GetFileName(csv), EvaluationTask.BinaryClassification, "label");
        var scorer = new OnnxScorer(model, spec.Task);
        var options = new DatasetEvaluationOptions { BatchSize = BatchSize };

        // The baseline gets its own session with the same options and reads the output the scorer reads.
        using var sessionOptions = OnnxModel.CreateSessionOptions();
        using var session = new InferenceSession(modelPath, sessionOptions);
        using var runOptions = new RunOptions();
        var baseline = new BareLoop(session, runOptions, scorer.InputName, scorer.OutputName);

        double bareAccuracy = 0, evaluatorAccuracy = 0;
        async Task<double> EvaluatorAsync()
        {
            await using var stream = BenchFiles.OpenCsv(csv);
            var evaluation = await DatasetEvaluator.EvaluateAsync(scorer, stream, spec, options, CancellationToken.None);
            evaluatorAccuracy = evaluation.Metrics[MetricCatalog.Accuracy];
            return evaluation.Rows;
        }

        double Bare()
        {
            var (rows, hits) = baseline.Run(csv);
            bareAccuracy = (double)hits / rows;
            return rows;
        }

        // Where the evaluator's time goes that the bare loop does not spend: the reader's validation and error context.
        async Task<double> ReaderAsync()
        {
            await using var stream = BenchFiles.OpenCsv(csv);
            using var reader = await CsvDatasetReader.OpenAsync(stream, spec.Label, spec.Features, BatchSize, CancellationToken.None);
            long rows = 0;
            await foreach (var batch in reader.ReadBatchesAsync(CancellationToken.None))
            {
                rows += batch.Rows;
            }

            return rows;
        }

        // Warm-up: JIT tiers, the runtime's first-run allocations and the page cache for the file.
        Bare();
        await EvaluatorAsync();
        await ReaderAsync();

        double bestBare = double.MaxValue, bestEvaluator = double.MaxValue, bestReader = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            // Alternate, so drift in the machine's load hits both sides alike.
            var start = Stopwatch.GetTimestamp();
            Bare();
            bestBare = Math.Min(bestBare, Stopwatch.GetElapsedTime(start).TotalSeconds);

            start = Stopwatch.GetTimestamp();
            await EvaluatorAsync();
            bestEvaluator = Math.Min(bestEvaluator, Stopwatch.GetElapsedTime(start).TotalSeconds);

            start = Stopwatch.GetTimestamp();
            await ReaderAsync();
            bestReader = Math.Min(bestReader, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return (bestBare, bestEvaluator, bestReader, bareAccuracy, evaluatorAccuracy);
    }

    private static string Describe(string label, MemoryRun.Figures figures) =>
        $"  {label,-42} {Megabytes(figures.PeakWorkingSetBytes),17} {Megabytes(figures.GcHeapSizeBytes),10} {Megabytes(figures.GcTotalMemoryBytes),10} {figures.Gen0Collections,9}";

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MB");

    private static string Verdict(bool met) => met ? "met" : "NOT MET";

    /// <summary>
    /// The simplest correct evaluation loop a developer would write against the runtime directly: no
    /// quoting, no validation, no per-row error context, one preallocated batch buffer.
    /// </summary>
    private sealed class BareLoop(InferenceSession session, RunOptions runOptions, string inputName, string outputName)
    {
        private readonly string[] inputNames = [inputName];
        private readonly string[] outputNames = [outputName];

        public (long Rows, long Hits) Run(string csv)
        {
            using var reader = new StreamReader(csv);
            var featureCount = reader.ReadLine()!.Split(',').Length - 1;
            var features = new float[BatchSize * featureCount];
            var labels = new float[BatchSize];
            long rows = 0, hits = 0;
            var inBatch = 0;
            while (reader.ReadLine() is { } line)
            {
                var cells = line.Split(',');
                for (var f = 0; f < featureCount; f++)
                {
                    features[(inBatch * featureCount) + f] = float.Parse(cells[f], CultureInfo.InvariantCulture);
                }

                labels[inBatch] = float.Parse(cells[featureCount], CultureInfo.InvariantCulture);
                if (++inBatch == BatchSize)
                {
                    hits += Score(features, labels, inBatch, featureCount);
                    rows += inBatch;
                    inBatch = 0;
                }
            }

            if (inBatch > 0)
            {
                hits += Score(features, labels, inBatch, featureCount);
                rows += inBatch;
            }

            return (rows, hits);
        }

        private long Score(float[] features, float[] labels, int rows, int featureCount)
        {
            using var input = OrtValue.CreateTensorValueFromMemory(
                OrtMemoryInfo.DefaultInstance, features.AsMemory(0, rows * featureCount), [rows, featureCount]);
            using var outputs = session.Run(runOptions, inputNames, [input], outputNames);
            var scores = outputs[0].GetTensorDataAsSpan<float>();
            long hits = 0;
            for (var i = 0; i < rows; i++)
            {
                hits += (scores[i] >= 0.5f) == (labels[i] == 1f) ? 1 : 0;
            }

            return hits;
        }
    }
}
