namespace Pipeline.Evaluation.Signatures;

/// <summary>What a model takes and returns, in graph order: the contract serving clients depend on.</summary>
/// <param name="Inputs">The inputs a caller must feed (initializers the caller may override are not listed).</param>
/// <param name="Outputs">The outputs the model returns.</param>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>
    /// The longest input or output name a serving contract may use. ONNX sets no limit, but a contract is
    /// recorded, shown to approvers and compared in full, and a name of thousands of characters is no name
    /// a client can be expected to send.
    /// </summary>
    public const int MaxNameLength = 1_024;

    /// <summary>The input of that name, or null.</summary>
    public TensorSpec? FindInput(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    /// <summary>The output of that name, or null.</summary>
    public TensorSpec? FindOutput(string name) => Outputs.FirstOrDefault(o => o.Name == name);
}
