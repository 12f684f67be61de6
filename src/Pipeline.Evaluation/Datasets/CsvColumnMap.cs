using System.Globalization;
using Pipeline.Core.Registry;

namespace Pipeline.Evaluation.Datasets;

/// <summary>
/// The header of a CSV dataset resolved to the label column and the feature columns in the model's
/// order, and the parsing of each row's values into them. Values of the label and feature columns are
/// finite numbers in the invariant culture (<c>-1.5e-3</c>); other columns are not read.
/// </summary>
internal sealed class CsvColumnMap
{
    private const int Ignored = -1;
    private const int LabelSlot = -2;
    private const int MaxNamesInMessage = 50;

    private readonly string[] columns;

    // Per column of the file: where its value goes (a feature index, the label, or nowhere).
    private readonly int[] slots;

    private CsvColumnMap(string[] columns, string[] featureNames, int[] slots)
    {
        this.columns = columns;
        FeatureNames = featureNames;
        this.slots = slots;
    }

    /// <summary>Every column of the header, in file order.</summary>
    public IReadOnlyList<string> Columns => columns;

    /// <summary>The feature columns, in the order their values are written for each row.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Rejects a feature list that could never match a header, before anything is read.</summary>
    /// <exception cref="ArgumentException">The list is empty, names a column twice or empty, or names the label.</exception>
    public static void CheckFeatureNames(IReadOnlyList<string>? featureNames, string labelColumn)
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

    /// <summary>Resolves the label and feature columns from the header record.</summary>
    /// <param name="header">The first non-blank record.</param>
    /// <param name="fields">The header's fields.</param>
    /// <param name="labelColumn">The name of the label column.</param>
    /// <param name="featureNames">The feature columns in the model's order, or null for every column but the label, in file order.</param>
    /// <exception cref="DatasetException">The header is malformed, holds only numbers, names a column twice, or lacks the label or a feature column.</exception>
    public static CsvColumnMap FromHeader(CsvRecord header, ReadOnlySpan<CsvField> fields, string labelColumn, IReadOnlyList<string>? featureNames)
    {
        if (header.Malformation is { } malformation)
        {
            throw new DatasetException($"The header row (line {header.Line}) is malformed: {malformation}.");
        }

        var columns = new string[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            columns[i] = header.Unescape(fields[i]);
        }

        if (columns.All(name => float.TryParse(name, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw new DatasetException($"The dataset has no header row: its first line holds only numbers ({Shorten(header.Text)}). Add a header row naming the columns.");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
        {
            if (!index.TryAdd(columns[i], i))
            {
                throw new DatasetException($"The header names column '{columns[i]}' twice (columns {index[columns[i]] + 1} and {i + 1}); column names must be unique.");
            }
        }

        if (!index.TryGetValue(labelColumn, out var labelIndex))
        {
            throw new DatasetException($"The dataset has no label column '{labelColumn}'; its columns are {List(columns)}.");
        }

        var features = SelectFeatures(columns, index, labelColumn, featureNames);
        var slots = new int[columns.Length];
        Array.Fill(slots, Ignored);
        slots[labelIndex] = LabelSlot;
        for (var f = 0; f < features.Length; f++)
        {
            slots[index[features[f]]] = f;
        }

        return new CsvColumnMap(columns, features, slots);
    }

    /// <summary>Parses the label and feature values of one data row; writes the features to <paramref name="features"/> and returns the label.</summary>
    /// <param name="record">The row's record.</param>
    /// <param name="fields">The row's fields.</param>
    /// <param name="row">The data row number, counted from 1.</param>
    /// <param name="features">Where the row's features go, one per feature column.</param>
    /// <exception cref="DatasetException">The row is malformed, has the wrong number of values, or a value is not a finite number.</exception>
    public float ParseRow(CsvRecord record, ReadOnlySpan<CsvField> fields, long row, Span<float> features)
    {
        // Built only on the error paths: formatting it for every row costs more than parsing the row.
        string Where() => $"Row {row} (line {record.Line})";
        if (record.Malformation is { } malformation)
        {
            throw new DatasetException($"{Where()} is malformed: {malformation}.", row, line: record.Line);
        }

        if (fields.Length != slots.Length)
        {
            throw new DatasetException($"{Where()} has {fields.Length} values, but the header has {slots.Length} columns.", row, line: record.Line);
        }

        float label = 0;
        for (var column = 0; column < slots.Length; column++)
        {
            var slot = slots[column];
            if (slot == Ignored)
            {
                continue;
            }

            var value = ParseValue(record, fields[column], row, columns[column]);
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

    private static string[] SelectFeatures(string[] columns, Dictionary<string, int> index, string labelColumn, IReadOnlyList<string>? featureNames)
    {
        if (featureNames is null)
        {
            var features = columns.Where(c => !string.Equals(c, labelColumn, StringComparison.Ordinal)).ToArray();
            return features.Length > 0
                ? features
                : throw new DatasetException($"The dataset has only the label column '{labelColumn}'; there is no feature column.");
        }

        var missing = featureNames.Where(name => !index.ContainsKey(name)).Select(name => $"'{name}'").ToArray();
        if (missing.Length > 0)
        {
            var noun = missing.Length == 1 ? "column" : "columns";
            throw new DatasetException($"The dataset has no feature {noun} {List(missing)}; its columns are {List(columns)}.");
        }

        return [.. featureNames];
    }

    private static float ParseValue(CsvRecord record, CsvField field, long row, string column)
    {
        var span = record.Raw(field);
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

    private static string List(string[] names) =>
        names.Length <= MaxNamesInMessage
            ? string.Join(", ", names)
            : string.Join(", ", names.Take(MaxNamesInMessage)) + $" and {names.Length - MaxNamesInMessage} more";

    private static string Shorten(ReadOnlySpan<char> value) => BoundedText.Shorten(value, 41);
}
