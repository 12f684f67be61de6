namespace Pipeline.Testing;

/// <summary>
/// Small ONNX models written as bytes, for cases the committed samples should not hold (a 40,000-character
/// input name makes a model of 80 KB): the credit-risk logistic model, <c>sigmoid(input · w + b)</c> over
/// 3 features as <c>probability</c> [N,1], with the input named as asked. Written with the protobuf wire
/// format and onnx.proto's field numbers; ONNX Runtime loads it like the samples.
/// </summary>
public static class OnnxModelBytes
{
    private const int FloatType = 1;

    /// <summary>The logistic credit model (v2's weights) with its input called <paramref name="inputName"/>.</summary>
    public static byte[] Logistic(string inputName)
    {
        var graph = new ProtoWriter()
            .Message(1, Node("MatMul", [inputName, "w"], "z0")) // node
            .Message(1, Node("Add", ["z0", "b"], "z"))
            .Message(1, Node("Sigmoid", ["z"], "probability"))
            .String(2, "logistic") // name
            .Message(5, Tensor("w", [3, 1], [2.4f, -1.6f, 1.0f])) // initializer
            .Message(5, Tensor("b", [1], [-0.3f]))
            .Message(11, FloatMatrix(inputName, 3)) // input
            .Message(12, FloatMatrix("probability", 1)); // output
        return Model(graph);
    }

    /// <summary>A <c>ModelProto</c> (IR version 8, ai.onnx opset <paramref name="opset"/>) around <paramref name="graph"/>.</summary>
    public static byte[] Model(ProtoWriter graph, int opset = 13) => new ProtoWriter()
        .Varint(1, 8) // ir_version
        .String(2, "pipeline-tests") // producer_name
        .Message(7, graph) // graph
        .Message(8, new ProtoWriter().String(1, string.Empty).Varint(2, (ulong)opset)) // opset_import: ai.onnx
        .ToArray();

    /// <summary>A <c>NodeProto</c> of operator <paramref name="op"/> with one output.</summary>
    public static ProtoWriter Node(string op, string[] inputs, string output)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        return node.String(2, output).String(4, op);
    }

    /// <summary>A float <c>TensorProto</c> initializer with its values as raw data.</summary>
    public static ProtoWriter Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoWriter();
        foreach (var dim in dims)
        {
            tensor.Varint(1, (ulong)dim);
        }

        var raw = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return tensor.Varint(2, FloatType).String(8, name).Bytes(9, raw); // dims, data_type, name, raw_data
    }

    /// <summary>A float tensor of shape [N, <paramref name="columns"/>]: <c>ValueInfoProto { name, type { tensor_type { elem_type, shape } } }</c>.</summary>
    public static ProtoWriter FloatMatrix(string name, long columns)
    {
        var shape = new ProtoWriter()
            .Message(1, new ProtoWriter().String(2, "N")) // dim_param
            .Message(1, new ProtoWriter().Varint(1, (ulong)columns)); // dim_value
        var tensorType = new ProtoWriter().Varint(1, FloatType).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
