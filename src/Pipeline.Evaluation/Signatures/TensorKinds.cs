namespace Pipeline.Evaluation.Signatures;

/// <summary>The kinds of value an ONNX graph exchanges with its caller.</summary>
public static class TensorKinds
{
    /// <summary>A dense tensor.</summary>
    public const string Tensor = "tensor";

    /// <summary>A sequence (ZipMap's output is a sequence of maps).</summary>
    public const string Sequence = "sequence";

    /// <summary>A map.</summary>
    public const string Map = "map";
}
