using System.Text;

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
        var graph = new Proto()
            .Message(1, Node("MatMul", [inputName, "w"], "z0")) // node
            .Message(1, Node("Add", ["z0", "b"], "z"))
            .Message(1, Node("Sigmoid", ["z"], "probability"))
            .String(2, "logistic") // name
            .Message(5, Tensor("w", [3, 1], [2.4f, -1.6f, 1.0f])) // initializer
            .Message(5, Tensor("b", [1], [-0.3f]))
            .Message(11, FloatMatrix(inputName, 3)) // input
            .Message(12, FloatMatrix("probability", 1)); // output
        return new Proto()
            .Varint(1, 8) // ir_version
            .String(2, "pipeline-tests") // producer_name
            .Message(7, graph) // graph
            .Message(8, new Proto().String(1, string.Empty).Varint(2, 13)) // opset_import: ai.onnx 13
            .ToArray();
    }

    private static Proto Node(string op, string[] inputs, string output)
    {
        var node = new Proto();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        return node.String(2, output).String(4, op);
    }

    private static Proto Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new Proto();
        foreach (var dim in dims)
        {
            tensor.Varint(1, (ulong)dim);
        }

        var raw = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        return tensor.Varint(2, FloatType).String(8, name).Bytes(9, raw); // dims, data_type, name, raw_data
    }

    // A float tensor of shape [N, columns]: ValueInfoProto { name, type { tensor_type { elem_type, shape } } }.
    private static Proto FloatMatrix(string name, long columns)
    {
        var shape = new Proto()
            .Message(1, new Proto().String(2, "N")) // dim_param
            .Message(1, new Proto().Varint(1, (ulong)columns)); // dim_value
        var tensorType = new Proto().Varint(1, FloatType).Message(2, shape);
        return new Proto().String(1, name).Message(2, new Proto().Message(1, tensorType));
    }

    private sealed class Proto
    {
        private readonly List<byte> buffer = [];

        public Proto Varint(int field, ulong value)
        {
            WriteVarint(((ulong)field << 3) | 0);
            WriteVarint(value);
            return this;
        }

        public Proto String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Proto Message(int field, Proto message) => Bytes(field, message.ToArray());

        public Proto Bytes(int field, byte[] value)
        {
            WriteVarint(((ulong)field << 3) | 2);
            WriteVarint((ulong)value.Length);
            buffer.AddRange(value);
            return this;
        }

        public byte[] ToArray() => [.. buffer];

        private void WriteVarint(ulong value)
        {
            while (value >= 0x80)
            {
                buffer.Add((byte)(value | 0x80));
                value >>= 7;
            }

            buffer.Add((byte)value);
        }
    }
}
