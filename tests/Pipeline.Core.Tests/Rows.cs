using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Tests;

/// <summary>Version rows for tests: identity, state, round and token, the rest fixed (a test adds what it looks at with <c>with</c>).</summary>
internal static class Rows
{
    public static ModelVersion Version(string model, string version, VersionState state, int attempt = 0, string? token = null) => new()
    {
        Model = model,
        Version = version,
        State = state,
        Attempt = attempt,
        ArtifactPath = $"{model}/{version}/model.onnx",
        SizeBytes = 1,
        BlobETag = "etag",
        RegisteredAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
        ConcurrencyToken = token,
    };
}
