using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Signatures;

namespace Pipeline.Evaluation.Tests;

public sealed class SignatureComparerTests
{
    [Fact]
    public void CheckNames_NamesUpToTheLimit_HaveNoViolations()
    {
        var signature = new ModelSignature(
            [new TensorSpec(new string('i', ModelSignature.MaxNameLength), "float", [-1, 3], TensorKinds.Tensor)],
            [new TensorSpec("probability", "float", [-1, 1], TensorKinds.Tensor)]);

        Assert.Empty(SignatureComparer.CheckNames(signature));
    }

    [Fact]
    public void CheckNames_OverlongInputAndOutput_NamesEachWithOnlyItsStart()
    {
        var signature = new ModelSignature(
            [new TensorSpec(new string('i', 40_000), "float", [-1, 3], TensorKinds.Tensor)],
            [new TensorSpec(new string('o', ModelSignature.MaxNameLength + 1), "float", [-1, 1], TensorKinds.Tensor)]);

        var violations = SignatureComparer.CheckNames(signature);

        Assert.Equal(
        [
            $"Input '{new string('i', 39)}…' has a name of 40000 characters; names may have at most 1024.",
            $"Output '{new string('o', 39)}…' has a name of 1025 characters; names may have at most 1024.",
        ], violations);
    }

    [Fact]
    public void CheckServingContract_V1ToV2_HasNoViolations()
    {
        var violations = SignatureComparer.CheckServingContract(Signature("credit-risk-v1.onnx"), Signature("credit-risk-v2.onnx"));

        Assert.Empty(violations);
    }

    [Fact]
    public void CheckServingContract_V2ToRenamedInputV4_NamesRemovedFeaturesAndAddedInputs()
    {
        var violations = SignatureComparer.CheckServingContract(Signature("credit-risk-v2.onnx"), Signature("credit-risk-v4.onnx"));

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("'features'", StringComparison.Ordinal) && v.Contains("removed", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("'inputs'", StringComparison.Ordinal) && v.Contains("added", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckServingContract_ColumnOutputToScalarOutput_ReportsRankChange()
    {
        var violations = SignatureComparer.CheckServingContract(Signature("credit-risk-v2.onnx"), Signature("scalar-output.onnx"));

        var violation = Assert.Single(violations);
        Assert.Contains("'probability' changed rank from 2 to 1", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckServingContract_ProbabilityToTwoColumnOutput_ReportsRemovedOutput()
    {
        var violations = SignatureComparer.CheckServingContract(Signature("credit-risk-v2.onnx"), Signature("two-column-output.onnx"));

        var violation = Assert.Single(violations);
        Assert.Contains("Output 'probability'", violation, StringComparison.Ordinal);
        Assert.Contains("removed", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckServingContract_CreditToMulticlass_ReportsWidthChangeAndRemovedOutput()
    {
        var violations = SignatureComparer.CheckServingContract(Signature("credit-risk-v2.onnx"), Signature("multiclass-v1.onnx"));

        Assert.Contains("Input 'features' changed dimension 1 from 3 to 4.", violations);
        Assert.Contains(violations, v => v.StartsWith("Output 'probability'", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckServingContract_ZipMapToPlainTensors_ReportsRetypedOutputs()
    {
        var production = Signature("zipmap-classifier.onnx");
        var candidate = production with
        {
            Outputs =
            [
                new TensorSpec("label", "float", [-1], TensorKinds.Tensor),
                new TensorSpec("probabilities", "float", [-1, 2], TensorKinds.Tensor),
            ],
        };

        var violations = SignatureComparer.CheckServingContract(production, candidate);

        Assert.Equal(
            [
                "Output 'label' changed type from tensor(int64) to tensor(float).",
                "Output 'probabilities' changed type from sequence(map(int64,float)) to tensor(float).",
            ],
            violations);
    }

    [Fact]
    public void CheckServingContract_FixedBatchSizeAndAddedOutput_ReportsOnlyTheFixedBatch()
    {
        var production = Signature("credit-risk-v2.onnx");
        var candidate = new ModelSignature(
            [new TensorSpec("features", "float", [1, 3], TensorKinds.Tensor)],
            [.. production.Outputs, new TensorSpec("explanation", "float", [-1, 3], TensorKinds.Tensor)]);

        var violations = SignatureComparer.CheckServingContract(production, candidate);

        Assert.Equal(["Input 'features' fixes dimension 0 to 1; production accepts any size."], violations);
    }

    private static ModelSignature Signature(string file)
    {
        using var model = OnnxModel.Load(Samples.Model(file));
        return model.Signature;
    }
}
