namespace Pipeline.Core.Sources;

/// <summary>What a source URI names in the app's storage account: a blob, or a folder of blobs.</summary>
/// <param name="Uri">The source URI, normalized (escaped, lowercase scheme and host).</param>
/// <param name="Container">The container.</param>
/// <param name="Path">The blob name or folder path in the container, without a leading or trailing '/'.</param>
/// <param name="NamesFolder">True when the URI itself says it is a folder (it ends with '/', or names the folder's MLmodel file).</param>
public sealed record SourceLocation(string Uri, string Container, string Path, bool NamesFolder);

/// <summary>A blob a source was found to be, as storage describes it.</summary>
/// <param name="Container">Its container.</param>
/// <param name="Path">Its name in the container.</param>
/// <param name="SizeBytes">Its length.</param>
/// <param name="ETag">Its ETag when found: the copy reads exactly this version of it.</param>
public sealed record SourceBlob(string Container, string Path, long SizeBytes, string ETag)
{
    /// <summary>The last segment of its name: the file name its copy gets.</summary>
    public string FileName => Path[(Path.LastIndexOf('/') + 1)..];
}

/// <summary>A source found readable: where it is, the artifact it stands for and, for an MLflow model folder, its MLmodel.</summary>
/// <param name="Location">What the URI names.</param>
/// <param name="Artifact">The blob to copy: the source itself, or the ONNX file its MLmodel names.</param>
/// <param name="Mlflow">The MLflow model, when the source is an MLflow model folder.</param>
public sealed record ResolvedSource(SourceLocation Location, SourceBlob Artifact, MlflowModel? Mlflow);
