using Pipeline.Core.Lifecycle;
using Pipeline.Core.Policies;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;
using Pipeline.Evaluation.Checks;

namespace Pipeline.Evaluation.Tests.Checks;

/// <summary>Runs the staging model checks on a model and dataset held in memory, as the workflow would on blobs.</summary>
internal static class StagingChecksRun
{
    public const string ArtifactPath = "m/v1/model.onnx";
    public const string DatasetName = "eval.csv";

    public static ModelPolicy CreditPolicy() =>
        new() { Evaluation = new EvaluationSpec(DatasetName, EvaluationTask.BinaryClassification, "label") };

    public static CheckResult Check(IReadOnlyList<CheckResult> results, string name) => Assert.Single(results, r => r.Name == name);

    /// <summary>
    /// Runs the checks on <paramref name="model"/>, read from the artifact store, or, with <paramref name="kept"/>, handed
    /// to them as the integrity check's kept bytes while the store holds no artifact at all.
    /// </summary>
    public static async Task<IReadOnlyList<CheckResult>> RunAsync(byte[] model, ModelPolicy policy, byte[]? dataset, TimeSpan? maxEvaluationTime = null, bool kept = false)
    {
        var now = DateTimeOffset.UtcNow;
        var version = new ModelVersion
        {
            Model = "m",
            Version = "v1",
            State = VersionState.Testing,
            ArtifactPath = ArtifactPath,
            SizeBytes = model.Length,
            BlobETag = "etag",
            RegisteredAt = now,
            UpdatedAt = now,
        };
        var checks = new OnnxStagingChecks(
            new InMemoryBlobs(ArtifactPath, kept ? null : model),
            new InMemoryBlobs(DatasetName, dataset),
            new OnnxCheckOptions { MaxEvaluationTime = maxEvaluationTime ?? TimeSpan.FromMinutes(5) });
        return await checks.RunAsync(new StagingSubject(version, new ArtifactFingerprint(model.Length, "sha", ArtifactPath), policy, null, kept ? model : (ReadOnlyMemory<byte>?)null), CancellationToken.None);
    }

    private sealed class InMemoryBlobs(string name, byte[]? content) : IArtifactStore, IDatasetStore
    {
        public Task<ArtifactProperties?> GetPropertiesAsync(string artifactPath, CancellationToken cancellationToken) =>
            Task.FromResult(artifactPath == name && content is not null ? new ArtifactProperties(content.Length, "etag", new Dictionary<string, string>()) : null);

        public Task<Stream?> OpenReadAsync(string artifactPath, CancellationToken cancellationToken) =>
            Task.FromResult<Stream?>(artifactPath == name && content is not null ? new MemoryStream(content, writable: false) : null);

        public Task PurgeAsync(string artifactPath, PurgeMode mode, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<UploadedFile>> ListUploadsAsync(string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<VaultCopy?> CopyToVaultAsync(string model, string uploadPath, string uploadETag, long maxBytes, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Uri GetUri(string artifactPath) => new($"memory:///{artifactPath}");
    }
}
