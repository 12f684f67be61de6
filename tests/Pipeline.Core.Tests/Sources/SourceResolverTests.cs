using System.Text;
using Pipeline.Core.Errors;
using Pipeline.Core.Sources;

namespace Pipeline.Core.Tests.Sources;

public sealed class SourceResolverTests
{
    private const string Root = "https://mlpipe.blob.core.windows.net/mlflow/";

    private readonly FakeSources blobs = new();

    private SourceResolver Resolver => new(blobs);

    [Fact]
    public async Task Resolve_PlainBlob_IsTheArtifactWhateverItsName()
    {
        blobs.Add("exports/churn.bin", "bytes");

        var resolved = await Resolver.ResolveAsync(Root + "exports/churn.bin", CancellationToken.None);

        Assert.Equal("exports/churn.bin", resolved.Artifact.Path);
        Assert.Equal("churn.bin", resolved.Artifact.FileName);
        Assert.Null(resolved.Mlflow);
    }

    [Theory]
    [InlineData("run/artifacts/model")]
    [InlineData("run/artifacts/model/")]
    [InlineData("run/artifacts/model/MLmodel")]
    public async Task Resolve_MlflowFolder_IsTheOnnxFileItsMlmodelNames(string path)
    {
        blobs.Add("run/artifacts/model/MLmodel", "flavors:\n  onnx:\n    data: model.onnx\nrun_id: r1\n");
        blobs.Add("run/artifacts/model/model.onnx", "onnx");

        var resolved = await Resolver.ResolveAsync(Root + path, CancellationToken.None);

        Assert.Equal("run/artifacts/model/model.onnx", resolved.Artifact.Path);
        Assert.Equal("r1", resolved.Mlflow!.RunId);
    }

    [Fact]
    public async Task Resolve_Missing_IsUnreadableSayingItDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<UnreadableSourceException>(() => Resolver.ResolveAsync(Root + "nothing/here.onnx", CancellationToken.None));

        Assert.Contains("does not exist", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_FolderWithoutMlmodel_IsUnreadable()
    {
        blobs.Add("run/artifacts/model/model.onnx", "onnx");

        var error = await Assert.ThrowsAsync<UnreadableSourceException>(() => Resolver.ResolveAsync(Root + "run/artifacts/model", CancellationToken.None));

        Assert.Contains("without an MLmodel file", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_MlmodelNamingAMissingFile_IsUnreadable()
    {
        blobs.Add("run/model/MLmodel", "flavors: {onnx: {data: model.onnx}}");

        var error = await Assert.ThrowsAsync<UnreadableSourceException>(() => Resolver.ResolveAsync(Root + "run/model", CancellationToken.None));

        Assert.Contains("no blob 'run/model/model.onnx'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_MlmodelTooLarge_IsUnreadableWithoutBeingRead()
    {
        blobs.Add("run/model/MLmodel", new string('#', MlflowModelFile.MaxBytes + 1));

        var error = await Assert.ThrowsAsync<UnreadableSourceException>(() => Resolver.ResolveAsync(Root + "run/model", CancellationToken.None));

        Assert.Contains("at most", error.Reason, StringComparison.Ordinal);
        Assert.Equal(0, blobs.Reads);
    }

    private sealed class FakeSources : IArtifactSources
    {
        private readonly Dictionary<string, string> content = new(StringComparer.Ordinal);

        public int Reads { get; private set; }

        public SourceStorageAccount Account { get; } = new(new Uri("https://mlpipe.blob.core.windows.net/"), "mlpipe", new HashSet<string> { "vault" });

        public void Add(string path, string text) => content[path] = text;

        public Task<SourceBlob?> FindAsync(string container, string path, CancellationToken cancellationToken) =>
            Task.FromResult(content.TryGetValue(path, out var text) ? new SourceBlob(container, path, Encoding.UTF8.GetByteCount(text), "etag") : null);

        public Task<bool> AnyUnderAsync(string container, string prefix, CancellationToken cancellationToken) =>
            Task.FromResult(content.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal)));

        public Task<string> ReadTextAsync(SourceBlob blob, int maxBytes, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(content[blob.Path]);
        }

        public Task<string?> CopyAsync(SourceBlob blob, string uploadPath, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task DeleteCopyAsync(string uploadPath, string eTag, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
