using System.Text;

namespace Pipeline.Evaluation.Loading;

/// <summary>
/// Finds tensors whose data an ONNX model keeps outside itself (<c>data_location = EXTERNAL</c>), by
/// walking the serialized <c>ModelProto</c> with the protobuf wire format: the graph's initializers, the
/// tensors in node attributes (Constant values), subgraphs (Loop, If, Scan bodies), local functions and
/// training graphs. Such a model names files the runtime would open relative to its working directory;
/// staging loads one self-contained artifact, so it is refused before the runtime sees it.
/// </summary>
/// <remarks>
/// Only the fields that can hold tensors are followed (field numbers from onnx.proto). Bytes that do not
/// parse end the walk with nothing found: the runtime then reports the model as unloadable in its own words.
/// </remarks>
internal static class ExternalDataScan
{
    // Deeper nesting than protobuf's own recursion limit (100) is not a model the runtime loads either.
    private const int MaxDepth = 100;

    private enum Message
    {
        Model,
        Graph,
        Node,
        Attribute,
        Tensor,
        SparseTensor,
        Function,
        TrainingInfo,
    }

    /// <summary>The name of the first tensor stored as external data, or null when there is none.</summary>
    public static string? FindExternalTensor(ReadOnlySpan<byte> model)
    {
        try
        {
            return Find(model, Message.Model, 0);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Find(ReadOnlySpan<byte> message, Message kind, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("Nested too deeply.");
        }

        string? name = null;
        var external = false;
        var reader = new WireReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            if (wireType != WireReader.LengthDelimited)
            {
                var value = reader.SkipScalar(wireType);
                // TensorProto.data_location (14): 1 is EXTERNAL.
                external |= kind == Message.Tensor && field == 14 && value == 1;
                continue;
            }

            var payload = reader.ReadBytes();
            if (kind == Message.Tensor)
            {
                // TensorProto.name (8); external_data (13), key/value entries, is set only for external tensors.
                name = field == 8 ? Encoding.UTF8.GetString(payload) : name;
                external |= field == 13;
                continue;
            }

            if (ChildOf(kind, field) is { } child && Find(payload, child, depth + 1) is { } found)
            {
                return found;
            }
        }

        return external ? name ?? "(unnamed)" : null;
    }

    // The fields that hold a message that can hold a tensor, by onnx.proto field number.
    private static Message? ChildOf(Message parent, int field) => (parent, field) switch
    {
        (Message.Model, 7) => Message.Graph, // graph
        (Message.Model, 20) => Message.TrainingInfo, // training_info
        (Message.Model, 25) => Message.Function, // functions
        (Message.Graph, 1) => Message.Node, // node
        (Message.Graph, 5) => Message.Tensor, // initializer
        (Message.Graph, 15) => Message.SparseTensor, // sparse_initializer
        (Message.Node, 5) => Message.Attribute, // attribute
        (Message.Attribute, 5) => Message.Tensor, // t
        (Message.Attribute, 6) => Message.Graph, // g
        (Message.Attribute, 10) => Message.Tensor, // tensors
        (Message.Attribute, 11) => Message.Graph, // graphs
        (Message.Attribute, 22) => Message.SparseTensor, // sparse_tensor
        (Message.Attribute, 23) => Message.SparseTensor, // sparse_tensors
        (Message.SparseTensor, 1) => Message.Tensor, // values
        (Message.SparseTensor, 2) => Message.Tensor, // indices
        (Message.Function, 7) => Message.Node, // node
        (Message.TrainingInfo, 1) => Message.Graph, // initialization
        (Message.TrainingInfo, 2) => Message.Graph, // algorithm
        _ => null,
    };

    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        public const int LengthDelimited = 2;

        private readonly ReadOnlySpan<byte> data = data;
        private int position;

        public bool Next(out int field, out int wireType)
        {
            if (position >= data.Length)
            {
                field = wireType = 0;
                return false;
            }

            var tag = ReadVarint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            return field > 0 ? true : throw new FormatException("Field 0.");
        }

        public ulong SkipScalar(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    return ReadVarint();
                case 1:
                    Advance(8);
                    return 0;
                case 5:
                    Advance(4);
                    return 0;
                default:
                    // Groups (3, 4) are not used by onnx.proto; anything else is not protobuf.
                    throw new FormatException($"Wire type {wireType}.");
            }
        }

        public ReadOnlySpan<byte> ReadBytes()
        {
            var length = ReadVarint();
            if (length > (ulong)(data.Length - position))
            {
                throw new FormatException("Length past the end.");
            }

            var bytes = data.Slice(position, (int)length);
            position += (int)length;
            return bytes;
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= data.Length)
                {
                    throw new FormatException("Varint past the end.");
                }

                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException("Varint too long.");
        }

        private void Advance(int count)
        {
            if (count > data.Length - position)
            {
                throw new FormatException("Fixed value past the end.");
            }

            position += count;
        }
    }
}
