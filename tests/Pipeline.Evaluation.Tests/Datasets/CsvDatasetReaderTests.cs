using System.Globalization;
using System.Text;
using Pipeline.Evaluation.Datasets;

namespace Pipeline.Evaluation.Tests.Datasets;

public sealed class CsvDatasetReaderTests
{
    [Fact]
    public async Task ReadBatches_DefaultFeatures_AreEveryColumnButLabelInFileOrder()
    {
        using var reader = await OpenAsync("a,label,b\n1,0,2\n3,1,4\n", "label");

        var batches = await ReadAllAsync(reader);

        Assert.Equal(["a", "b"], reader.FeatureNames);
        var batch = Assert.Single(batches);
        Assert.Equal(2, batch.Rows);
        Assert.Equal(1, batch.FirstRowNumber);
        Assert.Equal([1f, 2f, 3f, 4f], batch.Features);
        Assert.Equal([0f, 1f], batch.Labels);
    }

    [Fact]
    public async Task ReadBatches_ExplicitFeatures_FollowGivenOrderAndSkipOtherColumns()
    {
        using var reader = await OpenAsync("id,a,b,c,y\nrow-1,1,2,3,0\nrow-2,4,5,6,1\n", "y", ["c", "a"]);

        var batch = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal(["c", "a"], reader.FeatureNames);
        Assert.Equal([3f, 1f, 6f, 4f], batch.Features);
    }

    [Fact]
    public async Task ReadBatches_QuotedFields_HandleCommasAndDoubledQuotes()
    {
        const string csv = "\"id\",\"f,1\",\"say \"\"hi\"\"\",y\n\"a, \"\"b\"\"\",\"1.5\",2,\"1\"\n";
        using var reader = await OpenAsync(csv, "y", ["f,1", "say \"hi\""]);

        var batch = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal(["id", "f,1", "say \"hi\"", "y"], reader.Columns);
        Assert.Equal([1.5f, 2f], batch.Features);
        Assert.Equal([1f], batch.Labels);
    }

    [Fact]
    public async Task ReadBatches_QuotedValueWithLineBreak_IsOneRowAndLinesStayCounted()
    {
        // The note of row 1 spans lines 2–3, so row 2 starts on line 4.
        const string csv = "note,a,y\n\"first\nsecond\",1,0\nok,x,1\n";
        using var reader = await OpenAsync(csv, "y", ["a"]);

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Equal(2, exception.Row);
        Assert.Equal(4, exception.Line);
    }

    [Fact]
    public async Task ReadBatches_CrLfLineEnds_AreAccepted()
    {
        using var reader = await OpenAsync("a,y\r\n1,0\r\n2,1\r\n", "y");

        var batch = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal([1f, 2f], batch.Features);
        Assert.Equal([0f, 1f], batch.Labels);
    }

    [Fact]
    public async Task Open_Utf8ByteOrderMark_IsNotPartOfFirstColumnName()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a,y\n1,0")).ToArray();
        using var stream = new MemoryStream(bytes);
        using var reader = await CsvDatasetReader.OpenAsync(stream, "y");

        var batch = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal("a", reader.FeatureNames[0]);
        Assert.Equal([1f], batch.Features);
    }

    [Fact]
    public async Task ReadBatches_InvariantNumbers_ParseSignsExponentsAndSpaces()
    {
        using var reader = await OpenAsync("a,b,c,y\n-1.5e-3,+2E2, 3 ,0\n", "y");

        var batch = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal([-0.0015f, 200f, 3f], batch.Features);
    }

    [Fact]
    public async Task ReadBatches_BlankLines_AreSkipped()
    {
        using var reader = await OpenAsync("a,y\n\n1,0\n\n2,1\n\n", "y");

        var batch = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal(2, batch.Rows);
    }

    [Fact]
    public async Task Open_MissingLabelColumn_NamesItAndListsColumns()
    {
        var exception = await Assert.ThrowsAsync<DatasetException>(() => OpenAsync("a,b\n1,2\n", "target"));

        Assert.Contains("'target'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_UnknownFeature_NamesIt()
    {
        var exception = await Assert.ThrowsAsync<DatasetException>(() => OpenAsync("a,b,y\n1,2,0\n", "y", ["a", "zz"]));

        Assert.Contains("'zz'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("a, b, y", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_EmptyFile_SaysItIsEmpty()
    {
        var exception = await Assert.ThrowsAsync<DatasetException>(() => OpenAsync(string.Empty, "y"));

        Assert.Contains("empty", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData("1,0\n2,1\n")]
    public async Task Open_NoHeaderRow_SaysSo(string csv)
    {
        var exception = await Assert.ThrowsAsync<DatasetException>(() => OpenAsync(csv, "y"));

        Assert.Contains("no header row", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_DuplicateColumnName_Throws()
    {
        var exception = await Assert.ThrowsAsync<DatasetException>(() => OpenAsync("a,a,y\n1,2,0\n", "y"));

        Assert.Contains("'a' twice", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_HeaderOnly_SaysThereAreNoRows()
    {
        using var reader = await OpenAsync("a,y\n", "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Contains("no data rows", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_NonNumericValue_NamesRowLineAndColumn()
    {
        using var reader = await OpenAsync("a,b,y\n1,2,0\n3,abc,1\n", "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Equal(2, exception.Row);
        Assert.Equal(3, exception.Line);
        Assert.Equal("b", exception.Column);
        Assert.Contains("Row 2", exception.Message, StringComparison.Ordinal);
        Assert.Contains("column 'b'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'abc' is not a number", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1,5\"")]
    [InlineData("1 000")]
    [InlineData("0x10")]
    public async Task ReadBatches_NonInvariantNumber_IsRejected(string value)
    {
        using var reader = await OpenAsync($"a,y\n{value},0\n", "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Equal("a", exception.Column);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e60")]
    public async Task ReadBatches_NonFiniteValue_IsRejected(string value)
    {
        using var reader = await OpenAsync($"a,y\n{value},0\n", "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Contains("not a finite number", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b,y\n1,,0\n", "b")]
    [InlineData("a,b,y\n1,2,\n", "y")]
    [InlineData("a,b,y\n1,\"\",0\n", "b")]
    public async Task ReadBatches_EmptyValue_NamesColumn(string csv, string column)
    {
        using var reader = await OpenAsync(csv, "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Equal(column, exception.Column);
        Assert.Contains("empty", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_EmptyValueInUnusedColumn_IsIgnored()
    {
        using var reader = await OpenAsync("id,a,y\n,1,0\n", "y", ["a"]);

        var batch = Assert.Single(await ReadAllAsync(reader));

        Assert.Equal([1f], batch.Features);
    }

    [Theory]
    [InlineData("a,b,y\n1,2,0\n1,2,3,4\n", 4)]
    [InlineData("a,b,y\n1,2,0\n1,2\n", 2)]
    public async Task ReadBatches_RaggedRow_NamesRowAndCounts(string csv, int values)
    {
        using var reader = await OpenAsync(csv, "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Equal(2, exception.Row);
        Assert.Contains($"has {values} values", exception.Message, StringComparison.Ordinal);
        Assert.Contains("3 columns", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_TextAfterClosingQuote_IsMalformed()
    {
        using var reader = await OpenAsync("a,y\n\"1\"x,0\n", "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Contains("closing quote", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, exception.Row);
    }

    [Fact]
    public async Task ReadBatches_UnclosedQuote_IsMalformed()
    {
        using var reader = await OpenAsync("a,y\n1,0\n\"2,1\n", "y");

        var exception = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.Contains("not closed", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, exception.Row);
    }

    [Fact]
    public async Task ReadBatches_Twice_Throws()
    {
        using var reader = await OpenAsync("a,y\n1,0\n", "y");
        await ReadAllAsync(reader);

        await Assert.ThrowsAsync<InvalidOperationException>(() => ReadAllAsync(reader));
    }

    [Fact]
    public async Task Open_FeatureListedTwiceOrAsLabel_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => OpenAsync("a,y\n1,0\n", "y", ["a", "a"]));
        await Assert.ThrowsAsync<ArgumentException>(() => OpenAsync("a,y\n1,0\n", "y", ["a", "y"]));
    }

    [Fact]
    public async Task ReadBatches_200kRows_StreamsInBatchesWithMatchingChecksum()
    {
        // f0 = i mod 1000, f1 = (7i) mod 13, f2 = −(i mod 5) / 2, label = i mod 2: every value exact in float,
        // so the sums read back must match the sums written to the last digit.
        const int rowCount = 200_000;
        const int batchSize = 4096;
        var text = new StringBuilder("f0,f1,f2,label\n", rowCount * 16);
        double expectedFeatureSum = 0, expectedLabelSum = 0;
        for (var i = 0; i < rowCount; i++)
        {
            double f0 = i % 1000, f1 = (7 * i) % 13, f2 = -(i % 5) / 2.0, label = i % 2;
            expectedFeatureSum += f0 + (2 * f1) + (3 * f2);
            expectedLabelSum += label;
            text.Append(CultureInfo.InvariantCulture, $"{f0},{f1},{f2},{label}\n");
        }

        using var reader = await OpenAsync(text.ToString(), "label", batchSize: batchSize);

        long rows = 0, batches = 0;
        double featureSum = 0, labelSum = 0;
        await foreach (var batch in reader.ReadBatchesAsync())
        {
            Assert.Equal(rows + 1, batch.FirstRowNumber);
            Assert.InRange(batch.Rows, 1, batchSize);
            Assert.Equal(batch.Rows * 3, batch.Features.Length);
            for (var r = 0; r < batch.Rows; r++)
            {
                featureSum += batch.Features[(r * 3) + 0] + (2.0 * batch.Features[(r * 3) + 1]) + (3.0 * batch.Features[(r * 3) + 2]);
                labelSum += batch.Labels[r];
            }

            rows += batch.Rows;
            batches++;
        }

        Assert.Equal(rowCount, rows);
        Assert.Equal((rowCount + batchSize - 1) / batchSize, batches);
        Assert.Equal(expectedFeatureSum, featureSum);
        Assert.Equal(expectedLabelSum, labelSum);
    }

    private static async Task<CsvDatasetReader> OpenAsync(string csv, string label, IReadOnlyList<string>? features = null, int batchSize = CsvDatasetReader.DefaultBatchSize)
    {
        // The reader leaves the stream open; a MemoryStream holds no resources, so it is not disposed here.
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await CsvDatasetReader.OpenAsync(stream, label, features, batchSize);
    }

    private static async Task<List<DatasetBatch>> ReadAllAsync(CsvDatasetReader reader)
    {
        var batches = new List<DatasetBatch>();
        await foreach (var batch in reader.ReadBatchesAsync())
        {
            batches.Add(batch);
        }

        return batches;
    }

    [Fact]
    public async Task ReadBatches_CrLfSplitAcrossBufferAndLinesLongerThanTheBuffer_ReadsEveryRow()
    {
        // The reader buffers 65,536 characters: put the first row's '\r' on the last one and its '\n'
        // on the first of the next fill, then add a row longer than the whole buffer.
        const string header = "a,label\r\n";
        var firstValue = "1.5".PadLeft(65_535 - header.Length - ",1".Length, '0');
        var longValue = "2.5".PadLeft(150_000, '0');
        var text = $"{header}{firstValue},1\r\n{longValue},0\r\n3.5,1\r4.5,0\n";
        Assert.Equal('\r', text[65_535]);

        using var csv = await CsvDatasetReader.OpenAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "label");
        var rows = new List<(float Feature, float Label)>();
        await foreach (var batch in csv.ReadBatchesAsync())
        {
            for (var i = 0; i < batch.Rows; i++)
            {
                rows.Add((batch.Features[i], batch.Labels[i]));
            }
        }

        Assert.Equal([(1.5f, 1f), (2.5f, 0f), (3.5f, 1f), (4.5f, 0f)], rows);
    }

    [Fact]
    public async Task Open_HundredThousandColumns_FailsNamingTheColumnLimit()
    {
        var error = await Assert.ThrowsAsync<DatasetException>(() => OpenAsync(Pipeline.Testing.TestDatasets.ManyColumns(100_000), "label"));

        Assert.Equal($"The dataset has 100001 columns; at most {CsvDatasetReader.MaxColumns} are read. Keep the label and the model's features, and drop the other columns.", error.Message);
    }

    [Fact]
    public async Task Open_TenThousandColumns_IsWithinTheLimit()
    {
        var header = string.Join(',', Enumerable.Range(0, CsvDatasetReader.MaxColumns - 1).Select(i => $"c{i}")) + ",label";

        using var reader = await OpenAsync($"{header}\n", "label");

        Assert.Equal(CsvDatasetReader.MaxColumns, reader.Columns.Count);
    }

    [Fact]
    public async Task Open_TenMegabyteSingleLine_FailsAtTheLineLimitWithoutReadingItAll()
    {
        var bytes = Encoding.UTF8.GetBytes(Pipeline.Testing.TestDatasets.SingleLine(megabytes: 10));
        var stream = new MemoryStream(bytes);

        var error = await Assert.ThrowsAsync<DatasetException>(() => CsvDatasetReader.OpenAsync(stream, "label"));

        Assert.Equal(
            $"Line 1 of the dataset is longer than {CsvDatasetReader.MaxLineLength} characters, the most a line may have; check that the file is CSV with line breaks between rows.",
            error.Message);
        Assert.InRange(stream.Position, CsvDatasetReader.MaxLineLength, 2 * CsvDatasetReader.MaxLineLength);
    }

    [Fact]
    public async Task ReadBatches_LongLineAfterTheHeader_NamesItsLine()
    {
        using var reader = await OpenAsync("a,label\n1,0\n" + new string('1', CsvDatasetReader.MaxLineLength + 1) + ",0\n", "label");

        var error = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.StartsWith("Line 3 of the dataset is longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_QuoteNeverClosedOverManyLines_FailsAtTheRecordLimit()
    {
        // 300,000 short lines after an opening quote: the record grows past 1 MiB long before the file ends.
        var csv = "a,label\n\"" + string.Concat(Enumerable.Repeat("1,0\n", 300_000));
        using var reader = await OpenAsync(csv, "label");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DatasetException>(() => ReadAllAsync(reader));

        Assert.StartsWith($"The record starting on line 2 is longer than {CsvDatasetReader.MaxLineLength} characters", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
