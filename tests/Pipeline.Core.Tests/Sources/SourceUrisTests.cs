using Pipeline.Core.Errors;
using Pipeline.Core.Sources;

namespace Pipeline.Core.Tests.Sources;

public sealed class SourceUrisTests
{
    private static readonly HashSet<string> Internal = ["models", "vault", "reports", "datasets", "app-package"];
    private static readonly SourceStorageAccount Azure = new(new Uri("https://mlpipe.blob.core.windows.net/"), "mlpipe", Internal);
    private static readonly SourceStorageAccount Emulator = new(new Uri("http://127.0.0.1:10000/devstoreaccount1"), "devstoreaccount1", Internal);

    [Theory]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow/1/abc/artifacts/model.onnx", "mlflow", "1/abc/artifacts/model.onnx", false)]
    [InlineData("https://MLPIPE.blob.core.windows.net/mlflow/a%20b/model.onnx", "mlflow", "a b/model.onnx", false)]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow/1/abc/artifacts/model/", "mlflow", "1/abc/artifacts/model", true)]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow/1/abc/artifacts/model/MLmodel", "mlflow", "1/abc/artifacts/model", true)]
    [InlineData("wasbs://mlflow@mlpipe.blob.core.windows.net/1/abc/artifacts/model", "mlflow", "1/abc/artifacts/model", false)]
    [InlineData("wasb://mlflow@mlpipe.blob.core.windows.net/x.onnx", "mlflow", "x.onnx", false)]
    [InlineData("abfss://mlflow@mlpipe.dfs.core.windows.net/1/abc/artifacts/model", "mlflow", "1/abc/artifacts/model", false)]
    public void Locate_AzureForms_NameTheContainerAndPath(string source, string container, string path, bool folder)
    {
        var location = SourceUris.Locate(source, Azure);

        Assert.Equal(container, location.Container);
        Assert.Equal(path, location.Path);
        Assert.Equal(folder, location.NamesFolder);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/mlflow/run/model.onnx", "mlflow", "run/model.onnx")]
    [InlineData("https://127.0.0.1:10000/DevStoreAccount1/mlflow/run/model.onnx", "mlflow", "run/model.onnx")]
    [InlineData("wasbs://mlflow@devstoreaccount1.blob.core.windows.net/run/model.onnx", "mlflow", "run/model.onnx")]
    [InlineData("abfss://mlflow@devstoreaccount1.dfs.core.windows.net/run/model.onnx", "mlflow", "run/model.onnx")]
    public void Locate_EmulatorForms_NameTheContainerAndPath(string source, string container, string path)
    {
        var location = SourceUris.Locate(source, Emulator);

        Assert.Equal(container, location.Container);
        Assert.Equal(path, location.Path);
    }

    [Theory]
    [InlineData("https://other.blob.core.windows.net/mlflow/model.onnx", "'other'")]
    [InlineData("wasbs://mlflow@other.blob.core.windows.net/model.onnx", "'other'")]
    [InlineData("wasbs://mlflow@mlpipe.blob.core.chinacloudapi.cn/model.onnx", "'mlpipe'")]
    [InlineData("abfss://mlflow@other.dfs.core.windows.net/model.onnx", "'other'")]
    [InlineData("https://example.com/mlflow/model.onnx", "'example.com'")]
    [InlineData("http://127.0.0.1:10000/someone/mlflow/model.onnx", "'someone'")]
    public void Locate_AnotherAccount_IsUnreadableAndSaysWhichAccount(string source, string named)
    {
        var error = Assert.Throws<UnreadableSourceException>(() => SourceUris.Locate(source, Azure));

        Assert.Contains("not in the app's storage account 'mlpipe'", error.Reason, StringComparison.Ordinal);
        Assert.Contains(named, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_AnotherEmulatorAccount_IsUnreadable()
    {
        Assert.Throws<UnreadableSourceException>(() => SourceUris.Locate("http://127.0.0.1:10000/otheraccount/mlflow/model.onnx", Emulator));
        Assert.Throws<UnreadableSourceException>(() => SourceUris.Locate("wasbs://mlflow@otheraccount.blob.core.windows.net/model.onnx", Emulator));
    }

    [Theory]
    [InlineData("https://mlpipe.blob.core.windows.net/vault/credit-risk/0123abcd")]
    [InlineData("wasbs://vault@mlpipe.blob.core.windows.net/credit-risk/0123abcd")]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow/../vault/credit-risk/0123abcd")]
    [InlineData("https://mlpipe.blob.core.windows.net/models/credit-risk/v1/model.onnx")]
    [InlineData("https://mlpipe.blob.core.windows.net/reports/credit-risk/v1/staging.json")]
    [InlineData("https://mlpipe.blob.core.windows.net/app-package/released-package.zip")]
    [InlineData("https://mlpipe.blob.core.windows.net/azure-webjobs-secrets/app/host.json")]
    [InlineData("https://mlpipe.blob.core.windows.net/modelpipeline-leases/default/0")]
    [InlineData("https://mlpipe.blob.core.windows.net/$logs/blob/2026/log.txt")]
    public void Locate_InternalContainer_IsUnreadable(string source)
    {
        var error = Assert.Throws<UnreadableSourceException>(() => SourceUris.Locate(source, Azure));

        Assert.Contains("Container '", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://x", "scheme 'ftp' is not supported")]
    [InlineData("s3://bucket/model.onnx", "scheme 's3' is not supported")]
    [InlineData("runs:/0123/model", "scheme 'runs' is not supported")]
    [InlineData("models/credit-risk/model.onnx", "is not a blob URI")]
    [InlineData("/tmp/model.onnx", "is not a blob URI")]
    [InlineData("not a uri", "is not a blob URI")]
    [InlineData("", "is required")]
    [InlineData("   ", "is required")]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow/model.onnx?sv=2025&sig=abc", "query")]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow", "does not name a blob or folder")]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow/", "does not name a blob or folder")]
    [InlineData("https://mlpipe.blob.core.windows.net/mlflow/a//model.onnx", "does not name a blob or folder")]
    [InlineData("https://mlpipe.blob.core.windows.net/MLflow/model.onnx", "does not name a blob container")]
    [InlineData("wasbs://mlpipe.blob.core.windows.net/model.onnx", "is not a wasbs URI of a blob")]
    [InlineData("wasbs://mlflow@mlpipe.dfs.core.windows.net/model.onnx", "is not a wasbs URI of a blob")]
    [InlineData("abfss://mlflow@mlpipe.blob.core.windows.net/model.onnx", "is not a abfss URI of a blob")]
    public void Locate_NotABlobUri_IsAnInvalidRequest(string source, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() => SourceUris.Locate(source, Azure));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_TooLong_IsAnInvalidRequest()
    {
        var source = "https://mlpipe.blob.core.windows.net/mlflow/" + new string('a', SourceUris.MaxLength);

        Assert.Throws<InvalidRequestException>(() => SourceUris.Locate(source, Azure));
    }

    [Fact]
    public void Locate_Normalizes_TheUriItKeeps()
    {
        var location = SourceUris.Locate(" https://MLPIPE.blob.core.windows.net/mlflow/a b.onnx ", Azure);

        Assert.Equal("https://mlpipe.blob.core.windows.net/mlflow/a%20b.onnx", location.Uri);
    }
}
