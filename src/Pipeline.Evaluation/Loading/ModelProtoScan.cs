using System.Globalization;
using System.Text;
using Pipeline.Core.Registry;

namespace Pipeline.Evaluation.Loading;

/// <summary>
/// Reads a serialized <c>ModelProto</c> with the protobuf wire format before ONNX Runtime sees it, and refuses
/// what the runtime must not be given: tensors whose data the model keeps outside itself
/// (<c>data_location = EXTERNAL</c>: the runtime would open the files they name, relative to the host's working
/// directory or absolute), more nodes than <see cref="MaxNodes"/> (the runtime's load of such a graph takes minutes
/// and gigabytes, and cannot be bounded from outside), and bytes that are not protobuf at all.
/// </summary>
/// <remarks>
/// It follows every field of onnx.proto that can hold a tensor or a node: the graph's initializers and nodes, the
/// tensors in node attributes (Constant values), subgraphs (Loop, If, Scan bodies), local functions (their nodes
/// and attribute defaults) and training graphs. It fails closed: bytes it cannot read are refused rather than
/// passed on, so a model cannot hide a tensor from it behind something the runtime's parser would skip
/// (unknown group fields are skipped as protobuf skips them). An enum is compared as protobuf reads it, the low
/// 32 bits of its varint.
/// </remarks>
internal static class ModelProtoScan
{
    /// <summary>The most nodes a model may have, in its graph, subgraphs and functions together.</summary>
    public const int MaxNodes = 50_000;

    // Protobuf's own recursion limit, which the runtime's parser applies too: deeper is not a model it loads.
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

    /// <summary>Why the model must not be given to the runtime, or null when nothing was found against it.</summary>
    /// <param name="model">The serialized model.</param>
    /// <param name="source">Where it came from, for the reason.</param>
    public static string? FindRefusal(ReadOnlySpan<byte> model, string source)
    {
        var walk = new Walk();
        try
        {
            return walk.Find(model, Message.Model, 0) is { } tensor
                ? $"The model ({source}) keeps tensor '{BoundedText.Shorten(tensor, 200)}' in an external data file (data_location EXTERNAL). " +
                  "Staging loads the artifact alone, so external data is refused: save the model with its tensors inside it (onnx.save_model with save_as_external_data=False)."
                : null;
        }
        catch (TooManyNodesException)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"The model ({source}) has more than {MaxNodes:N0} nodes (its graph, subgraphs and functions together), the most staging loads: ONNX Runtime takes minutes and gigabytes to load a graph that large.");
        }
        catch (FormatException e)
        {
            return $"The model ({source}) is not a loadable ONNX model: its bytes are not a valid protobuf ModelProto ({e.Message}).";
        }
    }

    // The fields that hold a message that can hold a tensor or a node, by onnx.proto field number.
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
        (Message.Function, 11) => Message.Attribute, // attribute_proto (defaults)
        (Message.TrainingInfo, 1) => Message.Graph, // initialization
        (Message.TrainingInfo, 2) => Message.Graph, // algorithm
        _ => null,
    };

    private sealed class TooManyNodesException : Exception;

    private sealed class Walk
    {
        private int nodes;

        // The name of the first tensor stored as external data, or null when there is none.
        public string? Find(ReadOnlySpan<byte> message, Message kind, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException($"messages nested more than {MaxDepth} deep");
            }

            if (kind == Message.Node && ++nodes > MaxNodes)
            {
                throw new TooManyNodesException();
            }

            ReadOnlySpan<byte> name = default;
            var external = false;
            var reader = new WireReader(message);
            while (reader.Next(out var field, out var wireType))
            {
                if (wireType != WireReader.LengthDelimited)
                {
                    var value = reader.SkipScalar(field, wireType, depth);
                    // TensorProto.data_location (14), an int32 enum: 1 is EXTERNAL.
                    external |= kind == Message.Tensor && field == 14 && wireType == 0 && (uint)value == 1;
                    continue;
                }

                var payload = reader.ReadBytes();
                if (kind == Message.Tensor)
                {
                    // TensorProto.name (8); external_data (13), key/value entries, is set only for external tensors.
                    name = field == 8 ? payload : name;
                    external |= field == 13;
                    continue;
                }

                if (ChildOf(kind, field) is { } child && Find(payload, child, depth + 1) is { } found)
                {
                    return found;
                }
            }

            if (!external)
            {
                return null;
            }

            // Only the start of a long name is quoted, so only that much is decoded.
            return name.IsEmpty ? "(unnamed)" : Encoding.UTF8.GetString(name[..Math.Min(name.Length, 1024)]);
        }
    }

    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        public const int LengthDelimited = 2;
        private const int StartGroup = 3, EndGroup = 4;

        private readonly ReadOnlySpan<byte> data = data;
        private int position;

        public bool Next(out int field, out int wireType)
        {
            if (position >= data.Length)
            {
                field = wireType = 0;
                return false;
            }

            var at = position;
            var tag = ReadVarint();
            field = (int)(tag >> 3);
            wireType = (int)(tag & 7);
            return field > 0 && tag >> 3 <= int.MaxValue
                ? wireType != EndGroup ? true : throw Malformed($"an end-group tag without its start at byte {at}")
                : throw Malformed($"field number {tag >> 3} at byte {at}");
        }

        // Skips a scalar field, or a whole group (an unknown field protobuf still parses), and returns a varint's value.
        public ulong SkipScalar(int field, int wireType, int depth)
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
                case StartGroup:
                    SkipGroup(field, depth + 1);
                    return 0;
                default:
                    throw Malformed($"wire type {wireType} at byte {position}");
            }
        }

        public ReadOnlySpan<byte> ReadBytes()
        {
            var at = position;
            var length = ReadVarint();
            if (length > (ulong)(data.Length - position))
            {
                throw Malformed(string.Create(
                    CultureInfo.InvariantCulture, $"a field at byte {at} declares {length:N0} bytes where {data.Length - position:N0} remain"));
            }

            var bytes = data.Slice(position, (int)length);
            position += (int)length;
            return bytes;
        }

        private void SkipGroup(int field, int depth)
        {
            if (depth > MaxDepth)
            {
                throw Malformed($"messages nested more than {MaxDepth} deep");
            }

            while (position < data.Length)
            {
                var tag = ReadVarint();
                var (inner, wireType) = ((int)(tag >> 3), (int)(tag & 7));
                if (wireType == EndGroup)
                {
                    if (inner != field)
                    {
                        throw Malformed($"group {field} closed as group {inner}");
                    }

                    return;
                }

                if (wireType == LengthDelimited)
                {
                    ReadBytes();
                }
                else
                {
                    SkipScalar(inner, wireType, depth);
                }
            }

            throw Malformed($"group {field} is not closed");
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (position >= data.Length)
                {
                    throw Malformed("it ends inside a number");
                }

                var b = data[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw Malformed($"a number longer than 10 bytes at byte {position - 10}");
        }

        private void Advance(int count)
        {
            if (count > data.Length - position)
            {
                throw Malformed("it ends inside a fixed-size value");
            }

            position += count;
        }

        private static FormatException Malformed(string what) => new(what);
    }
}
