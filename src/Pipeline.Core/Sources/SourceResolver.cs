using Pipeline.Core.Errors;

namespace Pipeline.Core.Sources;

/// <summary>
/// Decides what a source URI is to register: a blob in the app's account is the artifact itself, whatever its name; a
/// folder holding an MLflow model (an <c>MLmodel</c> file with the <c>onnx</c> flavor) stands for the ONNX file it names.
/// </summary>
public sealed class SourceResolver(IArtifactSources sources)
{
    /// <summary>The artifact <paramref name="source"/> stands for.</summary>
    /// <exception cref="InvalidRequestException">The source is not a blob URI.</exception>
    /// <exception cref="UnreadableSourceException">It cannot be read into an artifact, with the reason.</exception>
    public async Task<ResolvedSource> ResolveAsync(string? source, CancellationToken cancellationToken)
    {
        var location = SourceUris.Locate(source, sources.Account);
        if (!location.NamesFolder && await sources.FindAsync(location.Container, location.Path, cancellationToken) is { } blob)
        {
            return new ResolvedSource(location, blob, null);
        }

        var folder = location.Path;
        var where = $"in container '{location.Container}'";
        if (await sources.FindAsync(location.Container, $"{folder}/{MlflowModelFile.FileName}", cancellationToken) is not { } file)
        {
            throw new UnreadableSourceException(await sources.AnyUnderAsync(location.Container, folder + "/", cancellationToken)
                ? $"'{folder}/' {where} is a folder without an {MlflowModelFile.FileName} file. A folder is registered only as an MLflow model with the onnx flavor; otherwise give the model file's own URI."
                : $"There is no blob '{folder}' {where}, and no folder of that name: the source does not exist.");
        }

        if (file.SizeBytes > MlflowModelFile.MaxBytes)
        {
            throw new UnreadableSourceException($"The {MlflowModelFile.FileName} file of '{folder}/' {where} has {file.SizeBytes} bytes; an MLmodel file has at most {MlflowModelFile.MaxBytes}.");
        }

        var model = MlflowModelFile.Parse(await sources.ReadTextAsync(file, MlflowModelFile.MaxBytes, cancellationToken));
        var artifactPath = model.OnnxArtifactIn(folder);
        var artifact = await sources.FindAsync(location.Container, artifactPath, cancellationToken)
            ?? throw new UnreadableSourceException(
                $"The onnx flavor of the MLflow model in '{folder}/' names '{model.OnnxData}', but there is no blob '{artifactPath}' {where}.");
        return new ResolvedSource(location, artifact, model);
    }
}
