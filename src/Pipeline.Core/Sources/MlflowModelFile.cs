using Pipeline.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Core.Sources;

/// <summary>
/// Reads an MLflow <c>MLmodel</c> file (YAML): its flavors, the ONNX flavor's data file, the run and model ids and the
/// signature. Anything else in it is left alone, so files written by any MLflow release read the same.
/// </summary>
public static class MlflowModelFile
{
    /// <summary>The file that makes a folder an MLflow model.</summary>
    public const string FileName = "MLmodel";

    /// <summary>The largest MLmodel file read (real ones are a few kilobytes).</summary>
    public const int MaxBytes = 1 << 20;

    // Deeper nesting than any MLmodel has is refused before the tree is built: the tree's loader recurses.
    private const int MaxDepth = 32;

    /// <summary>Reads <paramref name="text"/>, the content of an MLmodel file.</summary>
    /// <exception cref="UnreadableSourceException">It is not YAML, or not an MLmodel document (a mapping).</exception>
    public static MlflowModel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlMappingNode root;
        try
        {
            CheckDepth(text);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw new UnreadableSourceException("The MLmodel file is not an MLflow model: it is empty, or not a YAML mapping of fields.");
        }
        catch (YamlException e)
        {
            throw new UnreadableSourceException($"The MLmodel file is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
        }

        var flavors = Child(root, "flavors") as YamlMappingNode;
        var names = flavors?.Children.Keys.Select(Text).OfType<string>().ToList() ?? [];
        var onnx = flavors is null ? null : Child(flavors, MlflowModel.OnnxFlavor) as YamlMappingNode;
        var signature = Child(root, "signature") as YamlMappingNode;
        return new MlflowModel(
            names,
            onnx is null ? null : Text(Child(onnx, "data")),
            Text(Child(root, "run_id")),
            Text(Child(root, "model_uuid")),
            signature is null ? null : SignatureOf(signature));
    }

    private static MlflowSignature? SignatureOf(YamlMappingNode signature)
    {
        var parts = new MlflowSignature(Text(Child(signature, "inputs")), Text(Child(signature, "outputs")), Text(Child(signature, "params")));
        return parts is { Inputs: null, Outputs: null, Params: null } ? null : parts;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode { Value: { } name } && name == key).Value;

    // A scalar's text; an empty one, YAML's plain null (null or ~) and anything that is not a scalar are no text.
    private static string? Text(YamlNode? node) => node is YamlScalarNode { Value: { Length: > 0 } value } scalar
        && !(scalar.Style == ScalarStyle.Plain && value is "~" or "null" or "Null" or "NULL")
            ? value
            : null;

    private static void CheckDepth(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw new UnreadableSourceException($"The MLmodel file nests deeper than {MaxDepth} levels; it is not an MLflow model.");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }
}
