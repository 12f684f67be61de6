using System.Text;

namespace Pipeline.Testing;

/// <summary>Evaluation datasets too big to commit, generated as CSV text: wide ones, and ones over the reader's limits.</summary>
public static class TestDatasets
{
    /// <summary><paramref name="features"/> columns f0, f1, … of zeros and a <c>label</c> alternating 0 and 1.</summary>
    public static string Wide(int features, int rows)
    {
        var text = new StringBuilder((features + 1) * 2 * (rows + 4));
        for (var f = 0; f < features; f++)
        {
            text.Append('f').Append(f).Append(',');
        }

        text.Append("label\n");
        var zeros = string.Concat(Enumerable.Repeat("0,", features));
        for (var r = 0; r < rows; r++)
        {
            text.Append(zeros).Append(r % 2).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A header of <paramref name="features"/> columns c0, c1, … and <c>label</c>, then one row of zeros labelled 1.</summary>
    public static string ManyColumns(int features) =>
        string.Join(',', Enumerable.Range(0, features).Select(i => $"c{i}")) + ",label\n" + string.Concat(Enumerable.Repeat("0,", features)) + "1\n";

    /// <summary>A file that is one line of about <paramref name="megabytes"/> MB ("0.5,0.5,…"), with no line break.</summary>
    public static string SingleLine(int megabytes) => string.Concat(Enumerable.Repeat("0.5,", megabytes * 1024 * 1024 / 4));
}
