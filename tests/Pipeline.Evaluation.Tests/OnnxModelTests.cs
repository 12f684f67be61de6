using System.Text;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Signatures;

namespace Pipeline.Evaluation.Tests;

public sealed class OnnxModelTests
{
    [Theory]
    [InlineData("credit-risk-v1.onnx")]
    [InlineData("credit-risk-v2.onnx")]
    [InlineData("credit-risk-v3.onnx")]
    [InlineData("credit-risk-v4.onnx")]
    [InlineData("scalar-output.onnx")]
    [InlineData("two-column-output.onnx")]
    [InlineData("zipmap-classifier.onnx")]
    [InlineData("multiclass-v1.onnx")]
    [InlineData("multiclass-zipmap.onnx")]
    [InlineData("regression-v1.onnx")]
    [InlineData("squeezed-output.onnx")]
    [InlineData("slow-loop.onnx")]
    [InlineData("any-width.onnx")]
    public void Load_ValidSample_DescribesOneFloatMatrixInput(string file)
    {
        using var model = OnnxModel.Load(Samples.Model(file));

        var input = Assert.Single(model.Signature.Inputs);
        Assert.Equal(TensorKinds.Tensor, input.Kind);
        Assert.Equal("float", input.ElementType);
        Assert.Equal(2, input.Rank);
        Assert.Equal(-1, input.Shape[0]);
        Assert.NotEmpty(model.Signature.Outputs);
        Assert.Equal(file, model.Source);
    }

    [Fact]
    public void Load_CreditRiskV1_SignatureIsFeaturesToProbability()
    {
        using var model = OnnxModel.Load(Samples.Model("credit-risk-v1.onnx"));

        Assert.Equal(new TensorSpec("features", "float", [-1, 3], TensorKinds.Tensor).ToString(), model.Signature.Inputs[0].ToString());
        var output = Assert.Single(model.Signature.Outputs);
        Assert.Equal("probability", output.Name);
        Assert.Equal("float", output.ElementType);
        Assert.Equal([-1L, 1L], output.Shape);
    }

    [Fact]
    public void Load_ZipMapClassifier_DescribesLabelAndSequenceOfMaps()
    {
        using var model = OnnxModel.Load(Samples.Model("zipmap-classifier.onnx"));

        Assert.Collection(
            model.Signature.Outputs,
            label =>
            {
                Assert.Equal("label", label.Name);
                Assert.Equal(TensorKinds.Tensor, label.Kind);
                Assert.Equal("int64", label.ElementType);
                Assert.Equal([-1L], label.Shape);
            },
            probabilities =>
            {
                Assert.Equal("probabilities", probabilities.Name);
                Assert.Equal(TensorKinds.Sequence, probabilities.Kind);
                Assert.Equal("map(int64,float)", probabilities.ElementType);
                Assert.Empty(probabilities.Shape);
            });
    }

    [Fact]
    public void Load_BrokenFile_ThrowsModelLoadExceptionWithRuntimeReason()
    {
        var e = Assert.Throws<ModelLoadException>(() => OnnxModel.Load(Samples.Model("broken.onnx")));

        Assert.Contains("broken.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a loadable ONNX model", e.Message, StringComparison.Ordinal);
        Assert.Contains("Protobuf parsing failed", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsModelLoadExceptionSayingEmpty()
    {
        var path = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, []);
        try
        {
            var e = Assert.Throws<ModelLoadException>(() => OnnxModel.Load(path));

            Assert.Contains("empty", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(Samples.Model("no-such-model.onnx")));
    }

    [Fact]
    public async Task LoadAsync_EmptyStream_ThrowsModelLoadExceptionSayingEmpty()
    {
        using var stream = new MemoryStream();

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => OnnxModel.LoadAsync(stream, CancellationToken.None));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("this is a README, not a model")]
    [InlineData("{\"weights\": [1, 2, 3]}")]
    [InlineData("PK\u0003\u0004 a zip archive")]
    public async Task LoadAsync_NotOnnxBytes_ThrowsModelLoadExceptionBeforeTheRuntimeSeesThem(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));

        var e = await Assert.ThrowsAsync<ModelLoadException>(() => OnnxModel.LoadAsync(stream, CancellationToken.None));

        Assert.Contains("not a loadable ONNX model: its bytes are not a valid protobuf ModelProto (", e.Message, StringComparison.Ordinal);
        // The scan that looks for external data fails closed: what it cannot read, the runtime is not given.
        Assert.Null(e.InnerException);
    }

    [Fact]
    public async Task LoadAsync_TruncatedStream_ThrowsModelLoadException()
    {
        var bytes = await File.ReadAllBytesAsync(Samples.Model("zipmap-classifier.onnx"));
        using var stream = new MemoryStream(bytes, 0, bytes.Length - 40);

        await Assert.ThrowsAsync<ModelLoadException>(() => OnnxModel.LoadAsync(stream, CancellationToken.None));
    }

    [Fact]
    public async Task LoadAsync_NonSeekableStreamFromItsPosition_LoadsTheModel()
    {
        var bytes = await File.ReadAllBytesAsync(Samples.Model("credit-risk-v2.onnx"));
        using var stream = new NonSeekableStream(new MemoryStream(bytes));

        using var model = await OnnxModel.LoadAsync(stream, CancellationToken.None);

        Assert.Equal("stream", model.Source);
        Assert.Equal("features", model.Signature.Inputs[0].Name);
    }

    [Fact]
    public async Task LoadAsync_SeekableStreamPositionedAfterAHeader_ReadsFromThere()
    {
        var model = await File.ReadAllBytesAsync(Samples.Model("multiclass-v1.onnx"));
        using var stream = new MemoryStream([.. "HDR"u8, .. model]);
        stream.Position = 3;

        using var loaded = await OnnxModel.LoadAsync(stream, CancellationToken.None);

        Assert.Equal("scores", loaded.Signature.Outputs[0].Name);
    }

    [Fact]
    public void Load_SameBytesTwice_GivesIndependentModels()
    {
        var bytes = File.ReadAllBytes(Samples.Model("credit-risk-v1.onnx"));

        using var first = OnnxModel.Load(bytes);
        first.Dispose();
        using var second = OnnxModel.Load(bytes);

        Assert.Equal("probability", second.Signature.Outputs[0].Name);
    }

    /// <summary>A blob download's content stream: forward-only, no length.</summary>
    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    [Fact]
    public async Task LoadAsync_ExternalDataModel_IsRefusedBeforeTheRuntimeLooksForItsFile()
    {
        await using var stream = File.OpenRead(Samples.Model("external-data.onnx"));

        var error = await Assert.ThrowsAsync<ModelLoadException>(() => OnnxModel.LoadAsync(stream, CancellationToken.None));

        Assert.Contains("keeps tensor 'w' in an external data file (data_location EXTERNAL)", error.Message, StringComparison.Ordinal);
        // Refused by the scan, not by the runtime failing to find the file.
        Assert.Null(error.InnerException);
    }

    [Theory]
    [InlineData("credit-risk-v2.onnx")]
    [InlineData("slow-loop.onnx")]
    [InlineData("zipmap-classifier.onnx")]
    public async Task LoadAsync_SelfContainedModel_IsNotTakenForExternalData(string file)
    {
        await using var stream = File.OpenRead(Samples.Model(file));

        using var model = await OnnxModel.LoadAsync(stream, CancellationToken.None);

        Assert.NotEmpty(model.Signature.Inputs);
    }

    [Fact]
    public async Task LoadAsync_UnknownGroupFieldBeforeTheModel_IsSkippedAsProtobufSkipsIt()
    {
        // Concatenated protobuf messages merge: an unknown group field, then the model.
        var bytes = new Pipeline.Testing.ProtoWriter()
            .Group(1000, new Pipeline.Testing.ProtoWriter().Varint(1, 7).String(2, "x"))
            .Raw(Pipeline.Testing.OnnxModelBytes.Logistic("features"))
            .ToArray();
        using var stream = new MemoryStream(bytes);

        using var model = await OnnxModel.LoadAsync(stream, CancellationToken.None);

        Assert.Equal("features", Assert.Single(model.Signature.Inputs).Name);
    }

    [Fact]
    public void Load_ModelWrittenAsBytesWithALongInputName_LoadsWithThatName()
    {
        var name = new string('x', 40_000);

        using var model = OnnxModel.Load(Pipeline.Testing.OnnxModelBytes.Logistic(name));

        Assert.Equal(name, Assert.Single(model.Signature.Inputs).Name);
        Assert.Equal("probability", Assert.Single(model.Signature.Outputs).Name);
    }
}
