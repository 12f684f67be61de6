using System.Text.Json;
using Pipeline.Core.Registry;

namespace Pipeline.Storage.Tables;

/// <summary>
/// The bounds every string written to a Table fits in. A string property holds at most 64 KiB (32K UTF-16
/// characters) and an entity 1 MiB; a write over either fails for good, and a failed write of a state change
/// would leave the version where it was. So free text (reasons, actors) is cut to <see cref="MaxTextChars"/>,
/// and JSON columns (check results, metadata) are cut value by value until the column fits
/// <see cref="MaxPropertyChars"/>. A row holds a few such columns, far below 1 MiB.
/// </summary>
internal static class TableValues
{
    /// <summary>The longest string property written: under the 32,768-character limit, with room to spare.</summary>
    public const int MaxPropertyChars = 30_000;

    /// <summary>The longest free-text value (a reason, an actor, one value in a JSON column) written as it is.</summary>
    public const int MaxTextChars = 4_000;

    // Each round cuts the values of a JSON column to a quarter; at 16 characters a value says what it was.
    private const int MinValueChars = 16;

    /// <summary>Free text cut to <see cref="MaxTextChars"/>.</summary>
    public static string? Text(string? value) => BoundedText.Shorten(value, MaxTextChars);

    /// <summary>
    /// The JSON of <paramref name="bounded"/>(n), where n is the largest of <see cref="MaxTextChars"/>, a quarter
    /// of it, and so on, whose JSON fits in <see cref="MaxPropertyChars"/>. The JSON is measured, not the values,
    /// because escaping can make a value several times longer than it is.
    /// </summary>
    /// <exception cref="InvalidOperationException">Even values of a few characters do not fit: the shape itself is too big.</exception>
    public static string Json<T>(Func<int, T> bounded, JsonSerializerOptions options)
    {
        for (var limit = MaxTextChars; ; limit = Math.Max(MinValueChars, limit / 4))
        {
            var json = JsonSerializer.Serialize(bounded(limit), options);
            if (json.Length <= MaxPropertyChars)
            {
                return json;
            }

            if (limit == MinValueChars)
            {
                throw new InvalidOperationException(
                    $"A {typeof(T).Name} column is {json.Length} characters even with every value cut to {MinValueChars}; a Table property holds {MaxPropertyChars}.");
            }
        }
    }

    /// <summary>A dictionary with every key and value cut to <paramref name="maxChars"/> (keys that then collide keep the first value).</summary>
    public static Dictionary<string, string>? Cut(IReadOnlyDictionary<string, string>? values, int maxChars)
    {
        if (values is null)
        {
            return null;
        }

        var cut = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            cut.TryAdd(BoundedText.Shorten(key, maxChars)!, BoundedText.Shorten(value, maxChars)!);
        }

        return cut;
    }
}
