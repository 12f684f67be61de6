namespace Pipeline.Evaluation.Signatures;

/// <summary>One input or output of a model as a serving client sees it.</summary>
/// <param name="Name">The graph's name for the value.</param>
/// <param name="ElementType">
/// For a tensor, its element type in ONNX spelling (<c>float</c>, <c>int64</c>, …); for a sequence, the type of
/// its elements (<c>map(int64,float)</c> for ZipMap); for a map, <c>map(key,value)</c>.
/// </param>
/// <param name="Shape">The tensor's dimensions, <c>-1</c> where the model leaves a dimension symbolic; empty otherwise.</param>
/// <param name="Kind"><see cref="TensorKinds.Tensor"/>, <see cref="TensorKinds.Sequence"/> or <see cref="TensorKinds.Map"/>.</param>
public sealed record TensorSpec(string Name, string ElementType, IReadOnlyList<long> Shape, string Kind)
{
    /// <summary>How many dimensions the value has (0 for sequences and maps).</summary>
    public int Rank => Shape.Count;

    /// <summary>A short description for messages: <c>features: float[-1,3]</c>.</summary>
    public override string ToString() =>
        Kind == TensorKinds.Tensor
            ? $"{Name}: {ElementType}[{string.Join(',', Shape)}]"
            : $"{Name}: {Kind}({ElementType})";
}
