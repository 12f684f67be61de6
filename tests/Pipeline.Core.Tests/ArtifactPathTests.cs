using Pipeline.Core.Errors;
using Pipeline.Core.Naming;

namespace Pipeline.Core.Tests;

public sealed class ArtifactPathTests
{
    [Fact]
    public void Parse_ModelVersionFile_SplitsIntoParts()
    {
        var path = ArtifactPath.Parse("credit-risk/1.0.0/model.onnx");

        Assert.Equal("credit-risk", path.Key.Model);
        Assert.Equal("1.0.0", path.Key.Version);
        Assert.Equal("model.onnx", path.FileName);
        Assert.Equal("credit-risk/1.0.0/model.onnx", path.BlobName);
    }

    [Theory]
    [InlineData("model.onnx", "segment")]
    [InlineData("credit/model.onnx", "segment")]
    [InlineData("credit/v1/sub/model.onnx", "segment")]
    [InlineData("Credit/v1/model.onnx", "lowercase")]
    [InlineData("credit/.v1/model.onnx", "starts with")]
    [InlineData("credit/v1/", "file name")]
    [InlineData("", "empty")]
    public void Parse_BadPath_ThrowsWithReason(string blobName, string expectedWord)
    {
        var error = Assert.Throws<InvalidUploadPathException>(() => ArtifactPath.Parse(blobName));
        Assert.Equal(blobName, error.BlobName);
        Assert.Contains(expectedWord, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
