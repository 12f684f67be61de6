using System.Globalization;
using Pipeline.Cli.Output;

namespace Pipeline.Cli.Uploads;

/// <summary>
/// Upload progress for a log or a pipe, where a live bar would be noise: a line at the start, one each time
/// another tenth of the file has gone, and one at the end. Blocks go in parallel, so reports come from several threads.
/// </summary>
internal sealed class PlainProgressLines(CliOutput output, string name, long totalBytes) : IProgress<long>
{
    private const int Steps = 10;

    private readonly Lock gate = new();
    private int lastStep = -1;

    /// <summary>Reports <paramref name="value"/> bytes sent so far.</summary>
    public void Report(long value)
    {
        var step = totalBytes == 0 ? Steps : (int)Math.Min(Steps, value * Steps / totalBytes);
        lock (gate)
        {
            if (step <= lastStep)
            {
                return;
            }

            lastStep = step;
            var percent = totalBytes == 0 ? 100 : (int)(Math.Min(value, totalBytes) * 100 / totalBytes);
            output.Say(string.Create(CultureInfo.InvariantCulture, $"Uploading {name}: {percent,3}% ({ByteSize.Format(Math.Min(value, totalBytes))} of {ByteSize.Format(totalBytes)})"));
        }
    }
}
