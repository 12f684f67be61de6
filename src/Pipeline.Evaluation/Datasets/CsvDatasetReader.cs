using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Pipeline.Evaluation.Datasets;

/// <summary>
/// Reads a labelled CSV dataset in batches, holding one batch (and one record) in memory at a time.
/// </summary>
/// <remarks>
/// The format is RFC 4180 CSV: comma-separated, a header row first, fields optionally in double quotes
/// (which may hold commas, line breaks and doubled quotes), CRLF or LF line ends, UTF-8 with or without
/// a byte order mark, with or without a final line break. Blank lines are skipped. Values of the label
/// and feature columns are finite numbers in the invariant culture (<c>-1.5e-3</c>); other columns are
/// not read. Every problem with the data is a <see cref="DatasetException"/> naming the row, line and column.
/// </remarks>
public sealed class CsvDatasetReader : IDisposable
{
    /// <summary>The batch size when none is given.</summary>
    public const int DefaultBatchSize = 4096;

    private const int Ignored = -1;
    private const int LabelSlot = -2;
    private const int MaxNamesInMessage = 50;

    private readonly StreamReader reader;
    private readonly BufferedLineReader lines;
    private readonly List<Field> fields = [];
    private readonly StringBuilder joinedLines = new();
    private int[] slots = [];
    private long linesRead;
    private bool enumerated;

    private CsvDatasetReader(StreamReader reader, string labelColumn, int batchSize)
    {
        this.reader = reader;
        lines = new BufferedLineReader(reader);
        LabelColumn = labelColumn;
        BatchSize = batchSize;
    }

    private enum Shape
    {
        Complete,
        OpenQuote,
        TextAfterClosingQuote,
    }

    /// <summary>Every column of the header, in file order.</summary>
    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>The label column.</summary>
    public string LabelColumn { get; }

    /// <summary>The feature columns, in the order their values appear in each row of a batch.</summary>
    public IReadOnlyList<string> FeatureNames { get; private set; } = [];

    /// <summary>The most rows a batch holds.</summary>
    public int BatchSize { get; }

    /// <summary>Reads the header of <paramref name="stream"/> and resolves the label and feature columns.</summary>
    /// <param name="stream">The CSV; read forward only, and left open.</param>
    /// <param name="labelColumn">The name of the label column.</param>
    /// <param name="featureNames">The feature columns in the order the model takes them, or null for every column but the label, in file order.</param>
    /// <param name="batchSize">The most rows per batch.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="DatasetException">The file is empty, has no header, or lacks the label or a feature column.</exception>
    public static async Task<CsvDatasetReader> OpenAsync(
        Stream stream,
        string labelColumn,
        IReadOnlyList<string>? featureNames = null,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(labelColumn);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckFeatureNames(featureNames, labelColumn);

        // Invalid UTF-8 is an error rather than U+FFFD: a silently mangled value would surface as a confusing "not a number".
        var streamReader = new StreamReader(
            stream,
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: true,
            bufferSize: 1 << 16,
            leaveOpen: true);
        var csv = new CsvDatasetReader(streamReader, labelColumn, batchSize);
        try
        {
            await csv.ReadHeaderAsync(featureNames, cancellationToken);
            return csv;
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>Reads the data rows in batches of at most <see cref="BatchSize"/> rows. A reader can be enumerated once.</summary>
    /// <exception cref="DatasetException">A row is malformed or holds a value that is not a number, or there are no rows.</exception>
    public async IAsyncEnumerable<DatasetBatch> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (enumerated)
        {
            throw new InvalidOperationException("A CSV dataset reader reads its stream once; open a new reader to read it again.");
        }

        enumerated = true;
        var featureCount = FeatureNames.Count;
        float[]? features = null;
        float[]? labels = null;
        var rows = 0;
        long rowNumber = 0;

        while (await ReadRecordAsync(cancellationToken) is { } record)
        {
            rowNumber++;

            // Fresh arrays per batch: a consumer may keep a batch while it reads the next one.
            features ??= new float[BatchSize * featureCount];
            labels ??= new float[BatchSize];
            labels[rows] = ParseRow(record, rowNumber, features.AsSpan(rows * featureCount, featureCount));
            rows++;

            if (rows == BatchSize)
            {
                yield return new DatasetBatch(features, labels, rows, rowNumber - rows + 1);
                features = null;
                labels = null;
                rows = 0;
            }
        }

        if (rows > 0)
        {
            Array.Resize(ref features, rows * featureCount);
            Array.Resize(ref labels, rows);
            yield return new DatasetBatch(features, labels, rows, rowNumber - rows + 1);
        }

        if (rowNumber == 0)
        {
            throw new DatasetException("The dataset has a header but no data rows.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => reader.Dispose();

    private async Task ReadHeaderAsync(IReadOnlyList<string>? featureNames, CancellationToken cancellationToken)
    {
        var record = await ReadRecordAsync(cancellationToken);
        if (record is null)
        {
            throw new DatasetException(linesRead == 0
                ? "The dataset is empty; it needs a header row naming the columns, then one row per example."
                : "The dataset has no header row: it holds only blank lines.");
        }

        var (text, line, shape, badField) = record.Value;
        if (shape != Shape.Complete)
        {
            throw new DatasetException($"The header row (line {line}) is malformed: {DescribeShape(shape, badField)}.");
        }

        var columns = fields.Select(field => Unescape(text, field)).ToArray();
        if (columns.All(name => float.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new DatasetException($"The dataset has no header row: its first line holds only numbers ({Shorten(text)}). Add a header row naming the columns.");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            if (!index.TryAdd(columns[i], i))
            {
                throw new DatasetException($"The header names column '{columns[i]}' twice (columns {index[columns[i]] + 1} and {i + 1}); column names must be unique.");
            }
        }

        if (!index.TryGetValue(LabelColumn, out var labelIndex))
        {
            throw new DatasetException($"The dataset has no label column '{LabelColumn}'; its columns are {List(columns)}.");
        }

        string[] features;
        if (featureNames is null)
        {
            features = columns.Where(c => !string.Equals(c, LabelColumn, StringComparison.Ordinal)).ToArray();
            if (features.Length == 0)
            {
                throw new DatasetException($"The dataset has only the label column '{LabelColumn}'; there is no feature column.");
            }
        }
        else
        {
            var missing = featureNames.Where(name => !index.ContainsKey(name)).Select(name => $"'{name}'").ToArray();
            if (missing.Length > 0)
            {
                var noun = missing.Length == 1 ? "column" : "columns";
                throw new DatasetException($"The dataset has no feature {noun} {List(missing)}; its columns are {List(columns)}.");
            }

            features = [.. featureNames];
        }

        if ((long)BatchSize * features.Length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(featureNames), $"A batch of {BatchSize} rows × {features.Length} features does not fit in one array; use a smaller batch size.");
        }

        slots = new int[columns.Length];
        Array.Fill(slots, Ignored);
        slots[labelIndex] = LabelSlot;
        for (var f = 0; f < features.Length; f++)
        {
            slots[index[features[f]]] = f;
        }

        Columns = columns;
        FeatureNames = features;
    }

    /// <summary>Parses the fields of <paramref name="record"/> (left in <see cref="fields"/>) into the feature span; returns the label.</summary>
    private float ParseRow(Record record, long row, Span<float> features)
    {
        // Built only on the error paths: formatting it for every row costs more than parsing the row.
        string Where() => $"Row {row} (line {record.Line})";
        if (record.Shape != Shape.Complete)
        {
            throw new DatasetException($"{Where()} is malformed: {DescribeShape(record.Shape, record.BadField)}.", row, line: record.Line);
        }

        if (fields.Count != slots.Length)
        {
            throw new DatasetException($"{Where()} has {fields.Count} values, but the header has {slots.Length} columns.", row, line: record.Line);
        }

        float label = 0;
        for (var column = 0; column < slots.Length; column++)
        {
            var slot = slots[column];
            if (slot == Ignored)
            {
                continue;
            }

            var value = ParseValue(record, fields[column], row, Columns[column]);
            if (slot == LabelSlot)
            {
                label = value;
            }
            else
            {
                features[slot] = value;
            }
        }

        return label;
    }

    private static float ParseValue(Record record, Field field, long row, string column)
    {
        var span = record.Text.AsSpan(field.Start, field.Length);
        if (span.IsWhiteSpace())
        {
            throw new DatasetException($"Row {row} (line {record.Line}), column '{column}': the value is empty; every label and feature needs a number.", row, column, record.Line);
        }

        // A quoted number ("1.5") parses like a bare one; a value with doubled quotes in it is not a number either way.
        if (!float.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new DatasetException($"Row {row} (line {record.Line}), column '{column}': '{Shorten(span)}' is not a number.", row, column, record.Line);
        }

        if (!float.IsFinite(value))
        {
            throw new DatasetException($"Row {row} (line {record.Line}), column '{column}': '{Shorten(span)}' is not a finite number.", row, column, record.Line);
        }

        return value;
    }

    /// <summary>
    /// Reads the next non-blank record and splits it into <see cref="fields"/>. A record is one line,
    /// unless a quoted value holds a line break: then the following lines are joined to it. Records whose
    /// text is already buffered are returned without an asynchronous step, which matters at millions of rows.
    /// </summary>
    private ValueTask<Record?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        while (lines.TryReadLine(out var text))
        {
            if (text is null)
            {
                return ValueTask.FromResult<Record?>(null);
            }

            linesRead++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var shape = Tokenize(text, fields, out var badField);
            return shape == Shape.OpenQuote
                ? JoinQuotedLinesAsync(text, linesRead, cancellationToken)
                : ValueTask.FromResult<Record?>(new Record(text, linesRead, shape, badField));
        }

        return ReadRecordSlowlyAsync(cancellationToken);
    }

    private async ValueTask<Record?> ReadRecordSlowlyAsync(CancellationToken cancellationToken)
    {
        string? text;
        do
        {
            text = await lines.ReadLineAsync(cancellationToken);
            if (text is null)
            {
                return null;
            }

            linesRead++;
        }
        while (string.IsNullOrWhiteSpace(text));

        var shape = Tokenize(text, fields, out var badField);
        return shape == Shape.OpenQuote
            ? await JoinQuotedLinesAsync(text, linesRead, cancellationToken)
            : new Record(text, linesRead, shape, badField);
    }

    // A quoted value holds a line break: join the following lines until the quote closes or the text ends.
    private async ValueTask<Record?> JoinQuotedLinesAsync(string text, long firstLine, CancellationToken cancellationToken)
    {
        var shape = Shape.OpenQuote;
        var badField = 0;
        joinedLines.Clear().Append(text);
        while (shape == Shape.OpenQuote && await lines.ReadLineAsync(cancellationToken) is { } next)
        {
            linesRead++;
            text = joinedLines.Append('\n').Append(next).ToString();
            shape = Tokenize(text, fields, out badField);
        }

        return new Record(text, firstLine, shape, badField);
    }

    /// <summary>Splits one record into fields (start and length within <paramref name="text"/>, quotes excluded).</summary>
    private static Shape Tokenize(string text, List<Field> fields, out int badField)
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

                fields.Add(new Field(start, close - start, Quoted: true));
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
                fields.Add(new Field(i, end - i, Quoted: false));
                if (comma < 0)
                {
                    return Shape.Complete;
                }

                i = comma + 1;
            }
        }
    }

    private static string DescribeShape(Shape shape, int badField) => shape switch
    {
        Shape.OpenQuote => "a quoted value is not closed before the end of the file",
        Shape.TextAfterClosingQuote => $"value {badField} has text after its closing quote (a quote inside a quoted value is written twice: \"\")",
        _ => "it is well formed",
    };

    private static void CheckFeatureNames(IReadOnlyList<string>? featureNames, string labelColumn)
    {
        if (featureNames is null)
        {
            return;
        }

        if (featureNames.Count == 0)
        {
            throw new ArgumentException("Give at least one feature column, or null for every column but the label.", nameof(featureNames));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in featureNames)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("A feature column name must not be empty.", nameof(featureNames));
            }

            if (!seen.Add(name))
            {
                throw new ArgumentException($"Feature column '{name}' is listed twice.", nameof(featureNames));
            }

            if (string.Equals(name, labelColumn, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{name}' is the label column and cannot also be a feature.", nameof(featureNames));
            }
        }
    }

    private static string Unescape(string text, Field field)
    {
        var value = text.Substring(field.Start, field.Length);
        return field.Quoted ? value.Replace("\"\"", "\"", StringComparison.Ordinal) : value;
    }

    private static string List(string[] names) =>
        names.Length <= MaxNamesInMessage
            ? string.Join(", ", names)
            : string.Join(", ", names.Take(MaxNamesInMessage)) + $" and {names.Length - MaxNamesInMessage} more";

    private static string Shorten(ReadOnlySpan<char> value) => value.Length <= 40 ? value.ToString() : string.Concat(value[..40], "…");

    private readonly record struct Field(int Start, int Length, bool Quoted);

    private readonly record struct Record(string Text, long Line, Shape Shape, int BadField);
}
