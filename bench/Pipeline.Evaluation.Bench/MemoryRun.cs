using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Runs;
using Pipeline.Evaluation.Scoring;

namespace Pipeline.Evaluation.Bench;

/// <summary>
/// Peak memory of one evaluation, measured in a child process of its own: a process's peak working set only
/// ever grows, so two sizes measured in one process would both report the larger.
/// </summary>
internal static class MemoryRun
{
    public const string Flag = "--memory-run";

    /// <summary>What the child reports.</summary>
    public sealed record Figures(long Rows, long PeakWorkingSetBytes, long GcHeapSizeBytes, long GcTotalMemoryBytes, int Gen0Collections);

    /// <summary>Starts this executable as a child to evaluate <paramref name="csv"/> and reads what it reports.</summary>
    public static async Task<Figures> MeasureAsync(string csv, int rows, string modelPath)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot find its own executable."),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Started as `dotnet Bench.dll`, the process is the dotnet host: the child needs the assembly named again.
        if (string.Equals(Path.GetFileNameWithoutExtension(start.FileName), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(MemoryRun).Assembly.Location);
        }

        foreach (var argument in new[] { Flag, rows.ToString(CultureInfo.InvariantCulture), csv, modelPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The memory run did not start.");
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"The memory run for {rows} rows failed ({child.ExitCode}): {await error}");
        }

        var values = (await output)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return new Figures(values["rows"], values["peakWorkingSet"], values["gcHeapSize"], values["gcTotalMemory"], (int)values["gen0Collections"]);
    }

    /// <summary>The child: evaluates the dataset once with the staging defaults, then prints its memory figures.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var rows = long.Parse(args[0], CultureInfo.InvariantCulture);
        var (csv, modelPath) = (args[1], args[2]);

        using var model = OnnxModel.Load(modelPath);
        var spec = new EvaluationSpec(Path.GetFileName(csv), EvaluationTask.BinaryClassification, "label");
        var scorer = new OnnxScorer(model, spec.Task);
        DatasetEvaluation evaluation;
        await using (var stream = BenchFiles.OpenCsv(csv))
        {
            evaluation = await DatasetEvaluator.EvaluateAsync(scorer, stream, spec, DatasetEvaluationOptions.Default, CancellationToken.None);
        }

        if (evaluation.Rows != rows)
        {
            await Console.Error.WriteLineAsync($"Expected {rows} rows, evaluated {evaluation.Rows}.");
            return 1;
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows={evaluation.Rows}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peakWorkingSet={process.PeakWorkingSet64}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gcHeapSize={GC.GetGCMemoryInfo().HeapSizeBytes}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gcTotalMemory={GC.GetTotalMemory(forceFullCollection: false)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gen0Collections={GC.CollectionCount(0)}"));
        return 0;
    }
}
