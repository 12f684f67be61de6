using System.Text;

namespace Pipeline.Core.Sources;

/// <summary>
/// The metadata a version registered from a source carries on its artifact blob, and so in the registry's
/// <see cref="Registry.ModelVersion.Metadata"/>. Blob metadata names are C# identifiers and its values ASCII, within
/// 8 KiB in all, so values are written as follows:
/// <list type="table">
/// <item><term><c>mlflowsource</c></term><description>The source URI, normalized (always ASCII).</description></item>
/// <item><term><c>mlflowrunid</c></term><description>The run id the request gave, else the MLmodel's <c>run_id</c>; percent-encoded (RFC 3986) unless printable ASCII.</description></item>
/// <item><term><c>mlflowmodeluuid</c></term><description>The MLmodel's <c>model_uuid</c>, encoded the same way.</description></item>
/// <item><term><c>mlflowsignatureinputs</c>, <c>mlflowsignatureoutputs</c>, <c>mlflowsignatureparams</c></term><description>
/// The MLmodel's <c>signature</c> parts, each the base64 of its JSON text in UTF-8 (<see cref="DecodeSignature"/>).
/// Left out, all three, when they would not fit the 8 KiB, and <c>mlflowsignatureomitted</c> says so.</description></item>
/// <item><term><c>description</c></term><description>The request's description (the key uploads use), percent-encoded unless printable
/// ASCII; left out when it would not fit. The version's own <see cref="Registry.ModelVersion.Description"/> holds it as given.</description></item>
/// </list>
/// </summary>
public static class SourceMetadata
{
    /// <summary>The source URI the version was registered from.</summary>
    public const string Source = "mlflowsource";

    /// <summary>The MLflow run that produced it.</summary>
    public const string RunId = "mlflowrunid";

    /// <summary>The MLflow model's <c>model_uuid</c>.</summary>
    public const string ModelUuid = "mlflowmodeluuid";

    /// <summary>The signature's inputs, base64 of the UTF-8 JSON text.</summary>
    public const string SignatureInputs = "mlflowsignatureinputs";

    /// <summary>The signature's outputs, base64 of the UTF-8 JSON text.</summary>
    public const string SignatureOutputs = "mlflowsignatureoutputs";

    /// <summary>The signature's parameters, base64 of the UTF-8 JSON text.</summary>
    public const string SignatureParams = "mlflowsignatureparams";

    /// <summary>Present when the model had a signature too large to keep in the metadata.</summary>
    public const string SignatureOmitted = "mlflowsignatureomitted";

    /// <summary>The description, under the key uploads use.</summary>
    public const string Description = "description";

    /// <summary>The most metadata a blob holds: names and values together, in bytes.</summary>
    public const int MaxBytes = 8 * 1024;

    /// <summary>The metadata for a version registered from <paramref name="source"/>.</summary>
    /// <param name="source">The normalized source URI.</param>
    /// <param name="description">The request's description, if any.</param>
    /// <param name="runId">The request's run id, if any; the MLmodel's otherwise.</param>
    /// <param name="mlflow">The MLflow model the source is, if it is one.</param>
    public static IReadOnlyDictionary<string, string> For(string source, string? description, string? runId, MlflowModel? mlflow)
    {
        ArgumentNullException.ThrowIfNull(source);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [Source] = Ascii(source) ?? throw new ArgumentException("The source is empty.", nameof(source)) };
        if (Ascii(string.IsNullOrWhiteSpace(runId) ? mlflow?.RunId : runId.Trim()) is { } run)
        {
            metadata[RunId] = run;
        }

        if (Ascii(mlflow?.ModelUuid) is { } uuid)
        {
            metadata[ModelUuid] = uuid;
        }

        if (mlflow?.Signature is { } signature)
        {
            var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            Add(parts, SignatureInputs, signature.Inputs);
            Add(parts, SignatureOutputs, signature.Outputs);
            Add(parts, SignatureParams, signature.Params);
            if (SizeOf(metadata) + SizeOf(parts) <= MaxBytes)
            {
                foreach (var (key, value) in parts)
                {
                    metadata[key] = value;
                }
            }
            else
            {
                metadata[SignatureOmitted] = "larger than the blob metadata limit";
            }
        }

        if (Ascii(description) is { } text && SizeOf(metadata) + Description.Length + text.Length <= MaxBytes)
        {
            metadata[Description] = text;
        }

        return metadata;
    }

    /// <summary>A signature part's JSON text from <paramref name="metadata"/>, or null when it is not there or not base64.</summary>
    public static string? DecodeSignature(IReadOnlyDictionary<string, string> metadata, string key)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(key, out var encoded))
        {
            return null;
        }

        var bytes = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : null;
    }

    // Printable ASCII as it is; anything else percent-encoded, which is ASCII. Blob metadata trims what surrounds a value.
    private static string? Ascii(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null
            : trimmed.All(c => c is >= ' ' and <= '~') ? trimmed
            : Uri.EscapeDataString(trimmed);
    }

    private static void Add(Dictionary<string, string> parts, string key, string? json)
    {
        if (!string.IsNullOrEmpty(json))
        {
            parts[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        }
    }

    private static int SizeOf(IReadOnlyDictionary<string, string> metadata) => metadata.Sum(p => p.Key.Length + p.Value.Length);
}
