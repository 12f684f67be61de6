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
/// A dataset has at most <see cref="MaxColumns"/> columns and its lines (and records) at most
/// <see cref="MaxLineLength"/> characters, so a malformed or hostile file is a clear failure rather than
/// memory exhaustion.
/// </remarks>
public sealed class CsvDatasetReader : IDisposable
{
    /// <summary>The batch size when none is given.</summary>
    public const int DefaultBatchSize = 4096;

    /// <summary>The most columns a dataset may have, the label and unused columns included.</summary>
    public const int MaxColumns = 10_000;

    /// <summary>The most characters one line, or one record whose quoted values hold line breaks, may have: 1 MiB.</summary>
    public const int MaxLineLength = 1 << 20;

    private readonly StreamReader reader;
    private readonly CsvTokenizer tokenizer;
    private readonly CsvColumnMap columnMap;
    private bool enumerated;

    private CsvDatasetReader(StreamReader reader, CsvTokenizer tokenizer, CsvColumnMap columnMap, string labelColumn, int batchSize)
    {
        this.reader = reader;
        this.tokenizer = tokenizer;
        this.columnMap = columnMap;
        LabelColumn = labelColumn;
        BatchSize = batchSize;
    }

    /// <summary>Every column of the header, in file order.</summary>
    public IReadOnlyList<string> Columns => columnMap.Columns;

    /// <summary>The label column.</summary>
    public string LabelColumn { get; }

    /// <summary>The feature columns, in the order their values appear in each row of a batch.</summary>
    public IReadOnlyList<string> FeatureNames => columnMap.FeatureNames;

    /// <summary>The most rows a batch holds.</summary>
    public int BatchSize { get; }

    /// <summary>Reads the header of <paramref name="stream"/> and resolves the label and feature columns.</summary>
    /// <param name="stream">The CSV; read forward only, and left open.</param>
    /// <param name="labelColumn">The name of the label column.</param>
    /// <param name="featureNames">The feature columns in the order the model takes them, or null for every column but the label, in file order.</param>
    /// <param name="batchSize">The most rows per batch.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="DatasetException">The file is empty, has no header, has too many columns or too long a line, or lacks the label or a feature column.</exception>
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
        CsvColumnMap.CheckFeatureNames(featureNames, labelColumn);

        // Invalid UTF-8 is an error rather than U+FFFD: a silently mangled value would surface as a confusing "not a number".
        var streamReader = new StreamReader(
            stream,
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: true,
            bufferSize: 1 << 16,
            leaveOpen: true);
        try
        {
            var tokenizer = new CsvTokenizer(streamReader, MaxLineLength);
            var columnMap = await ReadHeaderAsync(tokenizer, labelColumn, featureNames, batchSize, cancellationToken);
            return new CsvDatasetReader(streamReader, tokenizer, columnMap, labelColumn, batchSize);
        }
        catch
        {
            streamReader.Dispose();
            throw;
        }
    }

    /// <summary>Reads the data rows in batches of at most <see cref="BatchSize"/> rows. A reader can be enumerated once.</summary>
    /// <exception cref="DatasetException">A row is malformed, too long or holds a value that is not a number, or there are no rows.</exception>
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

        while (await tokenizer.ReadRecordAsync(cancellationToken) is { } record)
        {
            rowNumber++;

            // Fresh arrays per batch: a consumer may keep a batch while it reads the next one.
            features ??= new float[BatchSize * featureCount];
            labels ??= new float[BatchSize];
            labels[rows] = columnMap.ParseRow(record, tokenizer.Fields, rowNumber, features.AsSpan(rows * featureCount, featureCount));
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

    private static async Task<CsvColumnMap> ReadHeaderAsync(
        CsvTokenizer tokenizer, string labelColumn, IReadOnlyList<string>? featureNames, int batchSize, CancellationToken cancellationToken)
    {
        if (await tokenizer.ReadRecordAsync(cancellationToken) is not { } header)
        {
            throw new DatasetException(tokenizer.LinesRead == 0
                ? "The dataset is empty; it needs a header row naming the columns, then one row per example."
                : "The dataset has no header row: it holds only blank lines.");
        }

        if (tokenizer.Fields.Length > MaxColumns)
        {
            throw new DatasetException(
                $"The dataset has {tokenizer.Fields.Length} columns; at most {MaxColumns} are read. Keep the label and the model's features, and drop the other columns.");
        }

        var columnMap = CsvColumnMap.FromHeader(header, tokenizer.Fields, labelColumn, featureNames);
        if ((long)batchSize * columnMap.FeatureNames.Count > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(featureNames), $"A batch of {batchSize} rows × {columnMap.FeatureNames.Count} features does not fit in one array; use a smaller batch size.");
        }

        return columnMap;
    }
}
