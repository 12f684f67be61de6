using Pipeline.Cli.Output;
using Spectre.Console;

namespace Pipeline.Cli.Uploads;

/// <summary>Shows an upload's progress: a live bar on a terminal, plain lines anywhere else.</summary>
internal static class UploadProgress
{
    /// <summary>Runs <paramref name="upload"/>, giving it the progress to report the bytes it has sent to.</summary>
    public static async Task RunAsync(CliOutput output, string name, long totalBytes, Func<IProgress<long>, Task> upload)
    {
        if (!output.Live)
        {
            var lines = new PlainProgressLines(output, name, totalBytes);
            lines.Report(0);
            await upload(lines);
            lines.Report(totalBytes);
            return;
        }

        await new Progress(output.Out)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape($"Uploading {name}"), maxValue: Math.Max(totalBytes, 1));
                await upload(new ProgressTaskReporter(task));
                task.Value = task.MaxValue;
            });
    }

    // Reported straight to the bar: Progress<T> would post to the thread pool, and a late report could move the bar back.
    private sealed class ProgressTaskReporter(ProgressTask task) : IProgress<long>
    {
        private readonly Lock gate = new();

        public void Report(long value)
        {
            lock (gate)
            {
                task.Value = Math.Max(task.Value, value);
            }
        }
    }
}
