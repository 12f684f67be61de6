using Pipeline.Core.Errors;
using Pipeline.Core.Sources;

namespace Pipeline.Core.Tests.Sources;

public sealed class MlflowModelFileTests
{
    // As mlflow.onnx.log_model writes it.
    private const string OnnxModel = """
        artifact_path: model
        flavors:
          onnx:
            code: null
            data: model.onnx
            onnx_version: 1.16.1
            providers:
            - CPUExecutionProvider
          python_function:
            data: model.onnx
            env:
              conda: conda.yaml
              virtualenv: python_env.yaml
            loader_module: mlflow.onnx
            python_version: 3.11.9
        mlflow_version: 2.16.2
        model_size_bytes: 223
        model_uuid: 5f1c2a9e0b6d4e1f9a3b7c8d2e4f6a1b
        run_id: 0f3e5d7c9b1a4e2d8c6b0a9f7e5d3c1b
        signature:
          inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]'
          outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}}]'
          params: null
        utc_time_created: '2026-11-30 09:12:44.123456'
        """;

    [Fact]
    public void Parse_OnnxFlavor_ReadsDataIdsAndSignature()
    {
        var model = MlflowModelFile.Parse(OnnxModel);

        Assert.Equal(["onnx", "python_function"], model.Flavors);
        Assert.Equal("model.onnx", model.OnnxData);
        Assert.Equal("0f3e5d7c9b1a4e2d8c6b0a9f7e5d3c1b", model.RunId);
        Assert.Equal("5f1c2a9e0b6d4e1f9a3b7c8d2e4f6a1b", model.ModelUuid);
        Assert.Equal("""[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]""", model.Signature!.Inputs);
        Assert.Equal("""[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}}]""", model.Signature.Outputs);
        Assert.Null(model.Signature.Params);
        Assert.Equal("runs/0f3e/artifacts/model/model.onnx", model.OnnxArtifactIn("runs/0f3e/artifacts/model"));
    }

    [Fact]
    public void Parse_WithoutOnnxFlavor_ResolvingTheArtifactNamesTheFlavorsItHas()
    {
        var model = MlflowModelFile.Parse("""
            flavors:
              python_function:
                loader_module: mlflow.sklearn
                model_path: model.pkl
              sklearn:
                pickled_model: model.pkl
                sklearn_version: 1.5.2
            run_id: abc
            """);

        Assert.Null(model.OnnxData);
        Assert.Null(model.Signature);
        var error = Assert.Throws<UnreadableSourceException>(() => model.OnnxArtifactIn("run/model"));
        Assert.Contains("no onnx flavor", error.Reason, StringComparison.Ordinal);
        Assert.Contains("python_function, sklearn", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoFlavorsAtAll_SaysItListsNone()
    {
        var model = MlflowModelFile.Parse("run_id: abc\n");

        Assert.Empty(model.Flavors);
        var error = Assert.Throws<UnreadableSourceException>(() => model.OnnxArtifactIn("run/model"));
        Assert.Contains("lists no flavors", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flavors:\n  onnx: {data: model.onnx\n", "not valid YAML")]
    [InlineData("flavors: [onnx\n", "not valid YAML")]
    [InlineData("flavors:\n\tonnx: {}\n", "not valid YAML")]
    [InlineData("a: *missing\n", "not valid YAML")]
    [InlineData("flavors: {}\nflavors: {}\n", "not valid YAML")]
    [InlineData("", "not an MLflow model")]
    [InlineData("- onnx\n- sklearn\n", "not an MLflow model")]
    [InlineData("just text\n", "not an MLflow model")]
    public void Parse_Malformed_IsUnreadableWithTheReason(string text, string expected)
    {
        var error = Assert.Throws<UnreadableSourceException>(() => MlflowModelFile.Parse(text));

        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedTooDeep_IsRefusedBeforeTheTreeIsBuilt()
    {
        var text = new string('[', 10_000) + new string(']', 10_000);

        var error = Assert.Throws<UnreadableSourceException>(() => MlflowModelFile.Parse(text));

        Assert.Contains("nests deeper", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("flavors: {onnx: {onnx_version: 1.16.1}}", "names no data file")]
    [InlineData("flavors: {onnx: {data: null}}", "names no data file")]
    [InlineData("flavors: {onnx: {data: ../other/model.onnx}}", "not a path inside the model folder")]
    [InlineData("flavors: {onnx: {data: /etc/model.onnx}}", "not a path inside the model folder")]
    [InlineData("flavors: {onnx: {data: 'https://elsewhere/model.onnx'}}", "not a path inside the model folder")]
    [InlineData("flavors: {onnx: {data: 'a\\\\model.onnx'}}", "not a path inside the model folder")]
    public void OnnxArtifactIn_DataOutsideTheFolderOrMissing_IsUnreadable(string text, string expected)
    {
        var model = MlflowModelFile.Parse(text);

        var error = Assert.Throws<UnreadableSourceException>(() => model.OnnxArtifactIn("run/model"));

        Assert.Contains(expected, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OnnxArtifactIn_DataInASubfolder_IsResolvedInsideTheFolder()
    {
        var model = MlflowModelFile.Parse("flavors: {onnx: {data: weights/model.onnx}}");

        Assert.Equal("run/model/weights/model.onnx", model.OnnxArtifactIn("run/model"));
    }
}
