using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Testing;

/// <summary>Versions as a registration writes them, for tests that put rows in the registry directly.</summary>
public static class TestVersions
{
    /// <summary>A just-registered version of <paramref name="model"/> whose artifact is <c>{model}/{version}/model.onnx</c>.</summary>
    public static ModelVersion Registered(string model, string version = "v1")
    {
        var now = DateTimeOffset.UtcNow;
        return new ModelVersion
        {
            Model = model,
            Version = version,
            State = VersionState.Registered,
            ArtifactPath = $"{model}/{version}/model.onnx",
            SizeBytes = 1,
            BlobETag = "\"0\"",
            RegisteredAt = now,
            UpdatedAt = now,
        };
    }
}
