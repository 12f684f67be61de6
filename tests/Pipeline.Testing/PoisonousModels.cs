namespace Pipeline.Testing;

/// <summary>
/// Hostile ONNX models written as bytes, for the staging checks' limits: protobuf bombs (nesting, lying length
/// prefixes, huge declared tensors, a million nodes), models that point the runtime at files outside
/// themselves (external data, plainly or disguised from a scanner), and one whose single run never ends.
/// Each is the logistic credit model of <see cref="OnnxModelBytes.Logistic"/> (input <c>features</c> [N,3],
/// output <c>probability</c> [N,1]) with its poison added, so that only the poison can make it fail.
/// </summary>
public static class PoisonousModels
{
    private const int Int64Type = 7, BoolType = 9, GraphAttribute = 5;

    /// <summary>
    /// Subgraphs nested <paramref name="depth"/> deep (graph, node, attribute <c>g</c>, graph, …), far past
    /// protobuf's recursion limit; the innermost graph holds an external-data tensor.
    /// </summary>
    public static byte[] DeeplyNested(int depth)
    {
        // Built from the inside out, reversed, so that each level costs its own few bytes rather than a copy of all inside it.
        var reversed = new List<byte>(depth * 12);
        AppendReversed(reversed, new ProtoWriter().Message(5, ExternalTensor("w", "weights.bin")).ToArray());
        for (var level = 0; level < depth; level++)
        {
            Wrap(reversed, 6); // AttributeProto.g
            Wrap(reversed, 5); // NodeProto.attribute
            Wrap(reversed, 1); // GraphProto.node
        }

        Wrap(reversed, 7); // ModelProto.graph
        reversed.Reverse();
        return new ProtoWriter().Varint(1, 8).Raw([.. reversed]).Message(8, Opset(13)).ToArray();
    }

    /// <summary>A model whose graph field's length prefix declares <paramref name="declaredBytes"/> while a few hundred follow.</summary>
    public static byte[] LyingLengthPrefix(ulong declaredBytes) => new ProtoWriter()
        .Varint(1, 8)
        .Message(8, Opset(13))
        .LyingBytes(7, declaredBytes, LogisticGraph("features", new ProtoWriter()).ToArray())
        .ToArray();

    /// <summary>The logistic model whose weight <c>w</c> declares the shape <paramref name="dims"/> but carries its 3 values.</summary>
    public static byte[] HugeDeclaredInitializer(long[] dims)
    {
        var graph = LogisticGraph("features", new ProtoWriter(), declaredWeightDims: dims);
        return OnnxModelBytes.Model(graph);
    }

    /// <summary>The logistic model after a chain of <paramref name="nodes"/> Relu nodes on its input.</summary>
    public static byte[] ManyNodes(int nodes)
    {
        var chain = new ProtoWriter();
        var previous = "features";
        for (var i = 0; i < nodes; i++)
        {
            var next = $"r{i}";
            chain.Message(1, OnnxModelBytes.Node("Relu", [previous], next));
            previous = next;
        }

        return OnnxModelBytes.Model(LogisticGraph(previous, chain));
    }

    /// <summary>How an external-data tensor is dressed to slip past a scanner that ONNX Runtime's protobuf parser would see through.</summary>
    public enum Disguise
    {
        /// <summary>Plainly: <c>data_location = EXTERNAL (1)</c>.</summary>
        None,

        /// <summary>After an unknown group field (wire type 3), which protobuf skips but a naive scanner gives up on.</summary>
        BehindAGroupField,

        /// <summary><c>data_location</c> as the 64-bit varint 2^32 + 1, which protobuf reads as the int32 1.</summary>
        LocationAsA64BitVarint,

        /// <summary>In the default value of a local function's attribute (<c>FunctionProto.attribute_proto</c>), a place few scanners look.</summary>
        InAFunctionAttributeDefault,
    }

    /// <summary>The logistic model whose weight <c>w</c> is external data at <paramref name="location"/> (12 bytes from offset 0), dressed as <paramref name="disguise"/>.</summary>
    public static byte[] ExternalWeights(string location, Disguise disguise = Disguise.None)
    {
        var dataLocation = disguise == Disguise.LocationAsA64BitVarint ? (1UL << 32) + 1 : 1UL;
        var external = ExternalTensor("w", location, dataLocation);
        var graph = LogisticGraph("features", new ProtoWriter(), external: disguise == Disguise.InAFunctionAttributeDefault ? null : external);
        var model = new ProtoWriter();
        if (disguise == Disguise.BehindAGroupField)
        {
            model.Group(1000, new ProtoWriter().Varint(1, 1));
        }

        model.Varint(1, 8).Message(7, graph).Message(8, Opset(13));
        if (disguise == Disguise.InAFunctionAttributeDefault)
        {
            // FunctionProto { name, domain, attribute_proto = AttributeProto { name, type TENSOR, t } }.
            var attribute = new ProtoWriter().String(1, "w").Varint(20, 4).Message(5, external);
            model.Message(25, new ProtoWriter().String(1, "f").String(10, "local").Message(11, attribute));
        }

        return model.ToArray();
    }

    /// <summary>
    /// The logistic model behind a Loop over its input of 2^63 − 1 iterations (each negates it): one run never ends
    /// unless the runtime is told to stop.
    /// </summary>
    public static byte[] EndlessLoop()
    {
        var body = new ProtoWriter()
            .Message(1, OnnxModelBytes.Node("Identity", ["cond_in"], "cond_out"))
            .Message(1, OnnxModelBytes.Node("Neg", ["v_in"], "v_out"))
            .String(2, "body")
            .Message(11, Typed("iteration", Int64Type))
            .Message(11, Typed("cond_in", BoolType))
            .Message(11, OnnxModelBytes.FloatMatrix("v_in", 3))
            .Message(12, Typed("cond_out", BoolType))
            .Message(12, OnnxModelBytes.FloatMatrix("v_out", 3));
        var loop = OnnxModelBytes.Node("Loop", ["trips", string.Empty, "features"], "looped")
            .Message(5, new ProtoWriter().String(1, "body").Varint(20, GraphAttribute).Message(6, body));
        var trips = new ProtoWriter().Varint(2, Int64Type).String(8, "trips").Bytes(9, BitConverter.GetBytes(long.MaxValue));
        var graph = LogisticGraph("looped", new ProtoWriter().Message(1, loop)).Message(5, trips);
        return OnnxModelBytes.Model(graph);
    }

    // sigmoid(input · w + b) after the nodes in prefix, taking the graph input "features" [N,3].
    private static ProtoWriter LogisticGraph(string input, ProtoWriter prefix, long[]? declaredWeightDims = null, ProtoWriter? external = null)
    {
        var weights = external
            ?? (declaredWeightDims is null
                ? OnnxModelBytes.Tensor("w", [3, 1], [2.4f, -1.6f, 1.0f])
                : OnnxModelBytes.Tensor("w", declaredWeightDims, [2.4f, -1.6f, 1.0f]));
        return new ProtoWriter()
            .Raw(prefix)
            .Message(1, OnnxModelBytes.Node("MatMul", [input, "w"], "z0"))
            .Message(1, OnnxModelBytes.Node("Add", ["z0", "b"], "z"))
            .Message(1, OnnxModelBytes.Node("Sigmoid", ["z"], "probability"))
            .String(2, "poisoned")
            .Message(5, weights)
            .Message(5, OnnxModelBytes.Tensor("b", [1], [-0.3f]))
            .Message(11, OnnxModelBytes.FloatMatrix("features", 3))
            .Message(12, OnnxModelBytes.FloatMatrix("probability", 1));
    }

    // TensorProto { dims [3,1], data_type FLOAT, name, external_data [location, offset, length], data_location }.
    private static ProtoWriter ExternalTensor(string name, string location, ulong dataLocation = 1) => new ProtoWriter()
        .Varint(1, 3).Varint(1, 1).Varint(2, 1).String(8, name)
        .Message(13, new ProtoWriter().String(1, "location").String(2, location))
        .Message(13, new ProtoWriter().String(1, "offset").String(2, "0"))
        .Message(13, new ProtoWriter().String(1, "length").String(2, "12"))
        .Varint(14, dataLocation);

    // A scalar of one element type: ValueInfoProto { name, type { tensor_type { elem_type, shape {} } } }.
    private static ProtoWriter Typed(string name, int elementType) =>
        new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, new ProtoWriter().Varint(1, (ulong)elementType).Message(2, new ProtoWriter())));

    private static ProtoWriter Opset(int version) => new ProtoWriter().String(1, string.Empty).Varint(2, (ulong)version);

    // Prefixes what is in the reversed buffer with a length-delimited tag of field: tag, length, then the content.
    private static void Wrap(List<byte> reversed, int field)
    {
        var length = ProtoWriter.EncodeVarint((ulong)reversed.Count);
        AppendReversed(reversed, [.. ProtoWriter.EncodeVarint(((ulong)field << 3) | 2), .. length]);
    }

    private static void AppendReversed(List<byte> reversed, byte[] bytes)
    {
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            reversed.Add(bytes[i]);
        }
    }

    /// <summary>A path outside any model folder: the first line of <c>/etc/passwd</c> or the Windows equivalent.</summary>
    public static string AbsoluteSystemFile => OperatingSystem.IsWindows() ? @"C:\Windows\win.ini" : "/etc/passwd";

    /// <summary>A relative path that climbs out of the working directory to a system file.</summary>
    public static string ClimbingSystemFile => OperatingSystem.IsWindows() ? @"..\..\..\..\..\..\Windows\win.ini" : "../../../../../../../../etc/passwd";
}
