using System.Globalization;
using System.Text;

namespace Pipeline.Bench;

/// <summary>One serving run: the API's production lookup against a raw point read of the same row.</summary>
public sealed record ServingReport(
    DateTimeOffset FinishedAt,
    string Configuration,
    int ProcessorCount,
    int Concurrency,
    LoadSummary Api,
    LoadSummary RawFirst,
    LoadSummary RawSecond)
{
    /// <summary>The raw rate: the mean of the runs before and after the API's.</summary>
    public double RawRequestsPerSecond => (RawFirst.RequestsPerSecond + RawSecond.RequestsPerSecond) / 2;

    /// <summary>The API's rate as a share of the raw rate (goal at least 0.67, and at least 1,500 requests/s).</summary>
    public double Ratio => Math.Round(Api.RequestsPerSecond / RawRequestsPerSecond, 2);

    /// <summary>The report as plain text.</summary>
    public string ToTable()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"Model Pipeline serving lookups, {Configuration}, {ProcessorCount} cores: {Concurrency} closed loops on loopback, one Azurite, one process.");
        text.AppendLine();
        text.AppendLine(c, $"{"target",-44} {"requests",9} {"per second",11} {"p50 ms",8} {"p99 ms",8}");
        text.AppendLine(new string('-', 84));
        foreach (var s in new[] { RawFirst, Api, RawSecond })
        {
            text.AppendLine(c, $"{s.Target,-44} {s.Requests,9} {s.RequestsPerSecond,11:F0} {s.P50Ms,8:F2} {s.P99Ms,8:F2}");
        }

        text.AppendLine();
        text.AppendLine(c, $"{"API rate / raw rate (goal >= 0.67)",-44} {Ratio,9:F2}");
        text.AppendLine(c, $"{"API rate (goal >= 1,500/s)",-44} {Api.RequestsPerSecond,9:F0}");
        return text.ToString();
    }
}
