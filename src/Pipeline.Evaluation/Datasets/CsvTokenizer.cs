using System.Runtime.InteropServices;
using System.Text;

namespace Pipeline.Evaluation.Datasets;

/// <summary>
/// Splits RFC 4180 CSV text into records and their fields: comma-separated, fields optionally in double
/// quotes (which may hold commas, line breaks and doubled quotes), CRLF or LF line ends. Blank lines are
/// skipped. It knows nothing of columns or values; a record that breaks the format is returned with what
/// is wrong, so the caller can name the row. A line, or a record joined from lines, longer than the limit
/// is a <see cref="DatasetException"/>.
/// </summary>
internal sealed class CsvTokenizer(TextReader reader, int maxRecordLength)
{
    private readonly BufferedLineReader lines = new(reader, maxRecordLength);
    private readonly List<CsvField> fields = [];
    private readonly StringBuilder joinedLines = new();

    private enum Shape
    {
        Complete,
        OpenQuote,
        TextAfterClosingQuote,
    }

    /// <summary>How many lines have been read so far, blank lines included.</summary>
    public long LinesRead => lines.LinesRead;

    /// <summary>The fields of the record read last, in file order; valid until the next read.</summary>
    public ReadOnlySpan<CsvField> Fields => CollectionsMarshal.AsSpan(fields);

    /// <summary>
    /// Reads the next non-blank record and splits it into <see cref="Fields"/>, or returns null at the end
    /// of the text. A record is one line, unless a quoted value holds a line break: then the following lines
    /// are joined to it. Records whose text is already buffered are returned without an asynchronous step,
    /// which matters at millions of rows.
    /// </summary>
    /// <exception cref="DatasetException">A line or record is longer than the limit.</exception>
    public ValueTask<CsvRecord?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        while (lines.TryReadLine(out var text))
        {
            if (text is null)
            {
                return ValueTask.FromResult<CsvRecord?>(null);
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var shape = Tokenize(text, fields, out var badField);
            return shape == Shape.OpenQuote
                ? JoinQuotedLinesAsync(text, LinesRead, cancellationToken)
                : ValueTask.FromResult<CsvRecord?>(Record(text, LinesRead, shape, badField));
        }

        return ReadRecordSlowlyAsync(cancellationToken);
    }

    private async ValueTask<CsvRecord?> ReadRecordSlowlyAsync(CancellationToken cancellationToken)
    {
        string? text;
        do
        {
            text = await lines.ReadLineAsync(cancellationToken);
            if (text is null)
            {
                return null;
            }
        }
        while (string.IsNullOrWhiteSpace(text));

        var shape = Tokenize(text, fields, out var badField);
        return shape == Shape.OpenQuote
            ? await JoinQuotedLinesAsync(text, LinesRead, cancellationToken)
            : Record(text, LinesRead, shape, badField);
    }

    // A quoted value holds a line break: join the following lines until the quote closes or the text ends.
    // Only a line with a quote in it can close the value, so only such a line makes the joined text be split
    // again; the record's length limit and the cancellation checks bound the rest.
    private async ValueTask<CsvRecord?> JoinQuotedLinesAsync(string text, long firstLine, CancellationToken cancellationToken)
    {
        var shape = Shape.OpenQuote;
        var badField = 0;
        joinedLines.Clear().Append(text);
        while (shape == Shape.OpenQuote && await lines.ReadLineAsync(cancellationToken) is { } next)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (joinedLines.Length + 1 + next.Length > maxRecordLength)
            {
                throw new DatasetException(
                    $"The record starting on line {firstLine} is longer than {maxRecordLength} characters, the most a record may have; " +
                    "a quoted value may be missing its closing quote.");
            }

            joinedLines.Append('\n').Append(next);
            if (next.Contains('"', StringComparison.Ordinal))
            {
                text = joinedLines.ToString();
                shape = Tokenize(text, fields, out badField);
            }
        }

        if (text.Length != joinedLines.Length)
        {
            // The text ended inside the quoted value: the record is all of it.
            text = joinedLines.ToString();
            shape = Tokenize(text, fields, out badField);
        }

        return Record(text, firstLine, shape, badField);
    }

    /// <summary>Splits one record into fields (start and length within <paramref name="text"/>, quotes excluded).</summary>
    private static Shape Tokenize(string text, List<CsvField> fields, out int badField)
    {
        fields.Clear();
        badField = 0;
        var i = 0;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                var start = i + 1;
                var close = text.IndexOf('"', start);
                while (close >= 0 && close + 1 < text.Length && text[close + 1] == '"')
                {
                    close = text.IndexOf('"', close + 2);
                }

                if (close < 0)
                {
                    return Shape.OpenQuote;
                }

                fields.Add(new CsvField(start, close - start, Quoted: true));
                i = close + 1;
                if (i == text.Length)
                {
                    return Shape.Complete;
                }

                if (text[i] != ',')
                {
                    badField = fields.Count;
                    return Shape.TextAfterClosingQuote;
                }

                i++;
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                fields.Add(new CsvField(i, end - i, Quoted: false));
                if (comma < 0)
                {
                    return Shape.Complete;
                }

                i = comma + 1;
            }
        }
    }

    // The description is built only for a malformed record, which ends the read.
    private static CsvRecord Record(string text, long line, Shape shape, int badField) => new(text, line, shape switch
    {
        Shape.Complete => null,
        Shape.OpenQuote => "a quoted value is not closed before the end of the file",
        _ => $"value {badField} has text after its closing quote (a quote inside a quoted value is written twice: \"\")",
    });
}

/// <summary>One record of CSV text; its fields are the tokenizer's <see cref="CsvTokenizer.Fields"/>.</summary>
/// <param name="Text">The record's text, its lines joined by <c>\n</c> when a quoted value holds a line break.</param>
/// <param name="Line">The line of the text the record starts on, counted from 1.</param>
/// <param name="Malformation">What breaks the format, in words that follow "is malformed: ", or null when the record is well formed.</param>
internal readonly record struct CsvRecord(string Text, long Line, string? Malformation)
{
    /// <summary>The field's characters: without its enclosing quotes, any doubled quotes in it left doubled.</summary>
    public ReadOnlySpan<char> Raw(CsvField field) => Text.AsSpan(field.Start, field.Length);

    /// <summary>The field's value, with a quoted value's doubled quotes made single.</summary>
    public string Unescape(CsvField field)
    {
        var value = Text.Substring(field.Start, field.Length);
        return field.Quoted ? value.Replace("\"\"", "\"", StringComparison.Ordinal) : value;
    }
}

/// <summary>Where one field lies in its record's text, quotes excluded.</summary>
/// <param name="Start">The index of its first character.</param>
/// <param name="Length">How many characters it has.</param>
/// <param name="Quoted">Whether it was written in double quotes (and may hold doubled quotes).</param>
internal readonly record struct CsvField(int Start, int Length, bool Quoted);
