using System.Text;

namespace Pipeline.Testing;

/// <summary>
/// Writes protobuf messages field by field with the wire format (varint, length-delimited and group fields),
/// for test models built as bytes: well-formed ones, and hostile ones no serializer would write.
/// </summary>
public sealed class ProtoWriter
{
    private readonly List<byte> buffer = [];

    /// <summary>A varint field (wire type 0).</summary>
    public ProtoWriter Varint(int field, ulong value)
    {
        Tag(field, 0);
        WriteVarint(value);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>An embedded message field.</summary>
    public ProtoWriter Message(int field, ProtoWriter message)
    {
        Tag(field, 2);
        WriteVarint((ulong)message.buffer.Count);
        buffer.AddRange(message.buffer);
        return this;
    }

    /// <summary>A length-delimited field (wire type 2).</summary>
    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        WriteVarint((ulong)value.Length);
        buffer.AddRange(value);
        return this;
    }

    /// <summary>A length-delimited field whose length prefix says <paramref name="declaredLength"/> while only <paramref name="value"/> follows.</summary>
    public ProtoWriter LyingBytes(int field, ulong declaredLength, byte[] value)
    {
        Tag(field, 2);
        WriteVarint(declaredLength);
        buffer.AddRange(value);
        return this;
    }

    /// <summary>A group field (wire types 3 and 4, deprecated, but still parsed as an unknown field) around <paramref name="content"/>.</summary>
    public ProtoWriter Group(int field, ProtoWriter content)
    {
        Tag(field, 3);
        buffer.AddRange(content.ToArray());
        Tag(field, 4);
        return this;
    }

    /// <summary>Raw bytes, as they are.</summary>
    public ProtoWriter Raw(byte[] bytes)
    {
        buffer.AddRange(bytes);
        return this;
    }

    /// <summary>The fields of <paramref name="other"/>, as they are (appended fields of one message merge with it).</summary>
    public ProtoWriter Raw(ProtoWriter other)
    {
        buffer.AddRange(other.buffer);
        return this;
    }

    /// <summary>The message's bytes.</summary>
    public byte[] ToArray() => [.. buffer];

    /// <summary>The bytes of a varint.</summary>
    public static byte[] EncodeVarint(ulong value)
    {
        var bytes = new List<byte>(10);
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    private void Tag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

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
