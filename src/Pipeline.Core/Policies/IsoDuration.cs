using System.Xml;

namespace Pipeline.Core.Policies;

/// <summary>
/// ISO 8601 durations as a policy writes them (<c>P7D</c>, <c>PT12H</c>, <c>P1DT30M</c>, <c>PT5S</c>): days and
/// time only, since a month or a year has no fixed length.
/// </summary>
public static class IsoDuration
{
    /// <summary>The duration <paramref name="text"/> names, or null when it is not one (or uses years or months).</summary>
    public static TimeSpan? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var datePart = text.Split('T')[0];
        if (!text.StartsWith('P') || datePart.Contains('Y', StringComparison.Ordinal) || datePart.Contains('M', StringComparison.Ordinal) || text.Contains('-', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>The duration parsed, for text known to be valid.</summary>
    public static TimeSpan Parse(string text) => TryParse(text) ?? throw new FormatException($"'{text}' is not an ISO 8601 duration.");
}
