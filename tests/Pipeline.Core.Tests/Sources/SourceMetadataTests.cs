using Pipeline.Core.Sources;

namespace Pipeline.Core.Tests.Sources;

public sealed class SourceMetadataTests
{
    private const string Uri = "https://mlpipe.blob.core.windows.net/mlflow/run/model";

    [Fact]
    public void For_MlflowModel_KeepsIdsAndTheSignatureAsBase64()
    {
        var signature = new MlflowSignature("""[{"name": "größe", "type": "double"}]""", """[{"type": "long"}]""", null);
        var model = new MlflowModel(["onnx"], "model.onnx", "run-from-mlmodel", "uuid-1", signature);

        var metadata = SourceMetadata.For(Uri, "Churn model", null, model);

        Assert.Equal(Uri, metadata[SourceMetadata.Source]);
        Assert.Equal("run-from-mlmodel", metadata[SourceMetadata.RunId]);
        Assert.Equal("uuid-1", metadata[SourceMetadata.ModelUuid]);
        Assert.Equal("Churn model", metadata[SourceMetadata.Description]);
        Assert.Equal(signature.Inputs, SourceMetadata.DecodeSignature(metadata, SourceMetadata.SignatureInputs));
        Assert.Equal(signature.Outputs, SourceMetadata.DecodeSignature(metadata, SourceMetadata.SignatureOutputs));
        Assert.False(metadata.ContainsKey(SourceMetadata.SignatureParams));
        Assert.All(metadata, pair => Assert.True(pair.Value.All(c => c is >= ' ' and <= '~'), $"{pair.Key} is not printable ASCII"));
    }

    [Fact]
    public void For_RequestRunId_WinsOverTheMlmodels()
    {
        var model = new MlflowModel(["onnx"], "model.onnx", "run-from-mlmodel", null, null);

        var metadata = SourceMetadata.For(Uri, null, " run-from-request ", model);

        Assert.Equal("run-from-request", metadata[SourceMetadata.RunId]);
        Assert.False(metadata.ContainsKey(SourceMetadata.Description));
        Assert.False(metadata.ContainsKey(SourceMetadata.ModelUuid));
    }

    [Fact]
    public void For_NonAsciiDescription_IsPercentEncoded()
    {
        var metadata = SourceMetadata.For(Uri, "Modèle de churn\nv2", null, null);

        Assert.Equal("Mod%C3%A8le%20de%20churn%0Av2", metadata[SourceMetadata.Description]);
    }

    [Fact]
    public void For_SignatureTooLarge_IsLeftOutAndSaysSo()
    {
        var huge = "[" + string.Join(", ", Enumerable.Range(0, 400).Select(i => $$"""{"name": "feature_{{i}}", "type": "double"}""")) + "]";
        var model = new MlflowModel(["onnx"], "model.onnx", null, null, new MlflowSignature(huge, "[]", null));

        var metadata = SourceMetadata.For(Uri, "kept", null, model);

        Assert.False(metadata.ContainsKey(SourceMetadata.SignatureInputs));
        Assert.False(metadata.ContainsKey(SourceMetadata.SignatureOutputs));
        Assert.True(metadata.ContainsKey(SourceMetadata.SignatureOmitted));
        Assert.Equal("kept", metadata[SourceMetadata.Description]);
        Assert.True(metadata.Sum(p => p.Key.Length + p.Value.Length) <= SourceMetadata.MaxBytes);
    }

    [Fact]
    public void For_DescriptionTooLarge_IsLeftOutOfTheMetadata()
    {
        var metadata = SourceMetadata.For(Uri, new string('d', SourceMetadata.MaxBytes), null, null);

        Assert.False(metadata.ContainsKey(SourceMetadata.Description));
        Assert.Equal(Uri, metadata[SourceMetadata.Source]);
    }

    [Fact]
    public void DecodeSignature_NotBase64_IsNull()
    {
        var metadata = new Dictionary<string, string> { [SourceMetadata.SignatureInputs] = "not base64!" };

        Assert.Null(SourceMetadata.DecodeSignature(metadata, SourceMetadata.SignatureInputs));
        Assert.Null(SourceMetadata.DecodeSignature(metadata, SourceMetadata.SignatureOutputs));
    }
}
