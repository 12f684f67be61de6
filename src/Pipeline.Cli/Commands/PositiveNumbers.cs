using System.CommandLine.Parsing;
using System.Globalization;

namespace Pipeline.Cli.Commands;

/// <summary>
/// Options whose value is a whole number from 1 up: anything else is a parse error (exit 2) that says what is
/// expected, rather than the parser's conversion failure surfacing when the value is read.
/// </summary>
internal static class PositiveNumbers
{
    /// <summary>The option's one value as a number from 1 up, or an error on <paramref name="result"/> saying what was <paramref name="expected"/>.</summary>
    public static int Parse(ArgumentResult result, string expected) => (int)Parse(result, expected, int.MaxValue);

    /// <summary>The option's one value as a number from 1 to <paramref name="max"/>, or an error on <paramref name="result"/> saying what was <paramref name="expected"/>.</summary>
    public static long Parse(ArgumentResult result, string expected, long max)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        result.AddError($"{expected}; '{token}' is not.");
        return 0;
    }
}
