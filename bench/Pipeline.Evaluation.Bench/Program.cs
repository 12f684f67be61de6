// Performance figures for staging evaluation, each a ratio against a baseline measured on the same machine.
// Run in Release:
//   dotnet run -c Release --project bench/Pipeline.Evaluation.Bench                  everything
//   dotnet run -c Release --project bench/Pipeline.Evaluation.Bench -- --scoring     OnnxScorer vs a bare runtime loop
//   dotnet run -c Release --project bench/Pipeline.Evaluation.Bench -- --evaluate    DatasetEvaluator throughput and memory
// A model path may follow (default samples/models/credit-risk-v2.onnx). `--memory-run <rows> <csv> <model>` is the
// child process the memory figure starts; it is not meant to be run by hand.
// Not a test: timings depend on the machine, so nothing here asserts.
using Pipeline.Evaluation.Bench;

var mode = args.Length > 0 && args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "--all";
var rest = mode == "--all" ? args : args[1..];

switch (mode)
{
    case MemoryRun.Flag:
        return await MemoryRun.RunChildAsync(rest);
    case "--scoring":
        ScoringBenchmark.Run(ModelPath(rest));
        return 0;
    case "--evaluate":
        await EvaluationBenchmark.RunAsync(ModelPath(rest));
        return 0;
    case "--all":
        ScoringBenchmark.Run(ModelPath(rest));
        Console.WriteLine();
        await EvaluationBenchmark.RunAsync(ModelPath(rest));
        return 0;
    default:
        await Console.Error.WriteLineAsync($"Unknown mode '{mode}'; use --scoring, --evaluate or no mode for both.");
        return 2;
}

static string ModelPath(string[] rest) => rest.Length > 0 ? rest[0] : BenchFiles.SampleModel("credit-risk-v2.onnx");
