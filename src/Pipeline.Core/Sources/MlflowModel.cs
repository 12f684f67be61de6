using Pipeline.Core.Errors;

namespace Pipeline.Core.Sources;

/// <summary>What the pipeline reads from an MLflow model folder's <c>MLmodel</c> file.</summary>
/// <param name="Flavors">The flavors it lists (<c>onnx</c>, <c>python_function</c>, <c>sklearn</c>, ...), in file order.</param>
/// <param name="OnnxData">The ONNX file the <c>onnx</c> flavor names (its <c>data</c>), relative to the folder; null without one.</param>
/// <param name="RunId">The MLflow run that logged the model (<c>run_id</c>), when it says.</param>
/// <param name="ModelUuid">The model's own id (<c>model_uuid</c>), when it says.</param>
/// <param name="Signature">Its signature, when it has one.</param>
public sealed record MlflowModel(IReadOnlyList<string> Flavors, string? OnnxData, string? RunId, string? ModelUuid, MlflowSignature? Signature)
{
    /// <summary>The flavor the pipeline registers: its tests load ONNX models.</summary>
    public const string OnnxFlavor = "onnx";

    /// <summary>The blob path of the ONNX file in the model folder <paramref name="folder"/>.</summary>
    /// <exception cref="UnreadableSourceException">It has no <c>onnx</c> flavor, or the flavor's <c>data</c> is not a path inside the folder.</exception>
    public string OnnxArtifactIn(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Flavors.Contains(OnnxFlavor, StringComparer.Ordinal))
        {
            var has = Flavors.Count == 0 ? "it lists no flavors" : $"it has {string.Join(", ", Flavors)}";
            throw new UnreadableSourceException(
                $"The MLflow model in '{folder}/' has no onnx flavor ({has}). The pipeline tests ONNX models: log the model with mlflow.onnx.log_model, or register the .onnx file itself.");
        }

        if (string.IsNullOrWhiteSpace(OnnxData))
        {
            throw new UnreadableSourceException($"The onnx flavor of the MLflow model in '{folder}/' names no data file (flavors.onnx.data).");
        }

        var segments = OnnxData.Split('/');
        if (OnnxData.StartsWith('/') || OnnxData.Contains('\\', StringComparison.Ordinal) || OnnxData.Contains(':', StringComparison.Ordinal)
            || segments.Any(s => s.Length == 0 || s is "." or ".." || s.Any(char.IsControl)))
        {
            throw new UnreadableSourceException(
                $"The onnx flavor of the MLflow model in '{folder}/' names '{OnnxData}' as its data file, which is not a path inside the model folder.");
        }

        return $"{folder}/{OnnxData}";
    }
}

/// <summary>An MLflow model signature, each part as the JSON text the <c>MLmodel</c> file keeps it in.</summary>
/// <param name="Inputs">The inputs (<c>signature.inputs</c>), a JSON array.</param>
/// <param name="Outputs">The outputs (<c>signature.outputs</c>), a JSON array.</param>
/// <param name="Params">The inference parameters (<c>signature.params</c>), a JSON array.</param>
public sealed record MlflowSignature(string? Inputs, string? Outputs, string? Params);
