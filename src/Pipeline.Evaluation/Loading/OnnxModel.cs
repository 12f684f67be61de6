using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Core.Registry;
using Pipeline.Evaluation.Signatures;

namespace Pipeline.Evaluation.Loading;

/// <summary>
/// A candidate or production model loaded into ONNX Runtime, ready to be described and scored. Loading
/// either gives a usable model or throws <see cref="ModelLoadException"/>; a runtime error never escapes raw.
/// Dispose it to release the native session.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly SessionOptions options;
    private readonly InferenceSession session;
    private bool disposed;

    private OnnxModel(InferenceSession session, SessionOptions options, string source)
    {
        this.session = session;
        this.options = options;
        Source = source;
        Signature = DescribeSignature(session);
    }

    /// <summary>Where the model came from, for messages: a file name or <c>stream</c>.</summary>
    public string Source { get; }

    /// <summary>The inputs and outputs, in graph order.</summary>
    public ModelSignature Signature { get; }

    /// <summary>The runtime session; safe to run from several threads at once.</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed (a native session must not be run after that).</exception>
    internal InferenceSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return session;
        }
    }

    /// <summary>Default run options, shared by every run of this model (the runtime only reads them, except for the terminate flag).</summary>
    internal RunOptions RunOptions { get; } = new();

    /// <summary>
    /// The options every model is loaded with, public so a benchmark can give a bare runtime loop the same
    /// settings. One intra-op thread: staging measures latency, and a thread pool that spins up and
    /// contends with the host's other work makes the percentiles noise; full graph optimisation because
    /// that is how production serves.
    /// </summary>
    public static SessionOptions CreateSessionOptions() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <summary>
    /// Loads the model file at <paramref name="path"/>. The runtime reads the file itself, so models that keep
    /// their weights in external data files next to it load too.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file (a caller error, not a model defect).</exception>
    /// <exception cref="ModelLoadException">The file is not a loadable ONNX model.</exception>
    public static OnnxModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"There is no model file at '{path}'.", path);
        }

        var source = file.Name;
        if (file.Length == 0)
        {
            throw Empty(source);
        }

        return Create(source, opts => new InferenceSession(file.FullName, opts), CancellationToken.None);
    }

    /// <summary>Loads a model from its serialized bytes. A model that keeps tensors in external data files, is not protobuf, or has more than 50,000 nodes is refused.</summary>
    /// <exception cref="ModelLoadException">The bytes are not a loadable, self-contained ONNX model.</exception>
    public static OnnxModel Load(byte[] modelBytes)
    {
        ArgumentNullException.ThrowIfNull(modelBytes);
        return Load(modelBytes, "bytes", CancellationToken.None);
    }

    /// <summary>
    /// Loads a model from a stream, such as a blob download, reading it from its current position to the end.
    /// </summary>
    /// <remarks>
    /// The stream is read into one byte array and the session is built from memory, rather than spooled to a
    /// temporary file: the runtime copies what it needs, so the array is garbage as soon as the session
    /// exists; nothing is left on disk when the host is killed mid-load; and a Functions instance's local disk
    /// is small and shared. The cost is a transient peak of about twice the model's size (once more for a
    /// stream that cannot report its length), which is fine for the small-to-medium models staging sees. A
    /// model too large for that should be downloaded and passed to <see cref="Load(string)"/>. A model that
    /// keeps tensors in external data files is refused before the runtime sees it: from a stream there is no
    /// folder those files could come from, and the runtime would look for them in the host's working directory.
    /// So are bytes that are not protobuf and graphs of more than 50,000 nodes, whose load takes the runtime
    /// minutes and gigabytes. <paramref name="cancellationToken"/> stops the read and also the runtime's load.
    /// </remarks>
    /// <exception cref="ModelLoadException">The content is empty, too large for one array, not protobuf, keeps tensors in external data, has too many nodes, or is not a loadable ONNX model.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while the model was read or loaded.</exception>
    public static async Task<OnnxModel> LoadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes;
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength)
            {
                throw new ModelLoadException(
                    $"The model stream is {remaining} bytes, larger than one in-memory ONNX model can be; download it and load the file instead.");
            }

            bytes = new byte[remaining];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        else
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        return Load(bytes, "stream", cancellationToken);
    }

    /// <summary>
    /// Stops the runs of this model in flight, and refuses new ones, once <paramref name="cancellationToken"/>
    /// is cancelled: the runtime checks its terminate flag between the nodes it executes, so even one long
    /// <c>Run()</c> (a huge loop) ends soon after. Disposing the result lets runs go ahead again. Runs
    /// stopped this way fail with <see cref="OnnxRuntimeException"/>; every run of the model shares the flag.
    /// </summary>
    internal IDisposable TerminateRunsWhen(CancellationToken cancellationToken) => new RunTermination(RunOptions, cancellationToken);

    /// <summary>Releases the native session.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        session.Dispose();
        RunOptions.Dispose();
        options.Dispose();
    }

    private static OnnxModel Load(byte[] modelBytes, string source, CancellationToken cancellationToken)
    {
        if (modelBytes.Length == 0)
        {
            throw Empty(source);
        }

        if (ModelProtoScan.FindRefusal(modelBytes, source) is { } refusal)
        {
            throw new ModelLoadException(refusal);
        }

        return Create(source, opts => new InferenceSession(modelBytes, opts), cancellationToken);
    }

    private static ModelLoadException Empty(string source) =>
        new($"The model ({source}) is empty: 0 bytes, where an ONNX model is a serialized ModelProto.");

    private static OnnxModel Create(string source, Func<SessionOptions, InferenceSession> open, CancellationToken cancellationToken)
    {
        var sessionOptions = CreateSessionOptions();
        InferenceSession? session = null;
        try
        {
            // Building a session is one native call that can take minutes for a big graph; the runtime checks this
            // flag between the stages of the load, so a deadline stops it there.
            using (cancellationToken.Register(() => sessionOptions.SetLoadCancellationFlag(true)))
            {
                session = open(sessionOptions);
            }

            return new OnnxModel(session, sessionOptions, source);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            sessionOptions.Dispose();
            throw new OperationCanceledException($"The load of the model ({source}) was cancelled.", e, cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            // The runtime's message says what is wrong (protobuf parse failure, unknown operator, bad opset);
            // keep it in the reason because it is what the model's author needs to fix the artifact.
            session?.Dispose();
            sessionOptions.Dispose();
            throw new ModelLoadException($"The model ({source}) is not a loadable ONNX model: {e.Message}", e);
        }
        catch
        {
            session?.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    private static ModelSignature DescribeSignature(InferenceSession session) => new(
        [.. session.InputNames.Select(name => Describe(name, session.InputMetadata[name]))],
        [.. session.OutputNames.Select(name => Describe(name, session.OutputMetadata[name]))]);

    private static TensorSpec Describe(string name, NodeMetadata metadata) => metadata.OnnxValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => new TensorSpec(
            name, ElementTypeName(metadata.ElementDataType), [.. metadata.Dimensions.Select(d => (long)d)], TensorKinds.Tensor),
        OnnxValueType.ONNX_TYPE_SEQUENCE => new TensorSpec(
            name, TypeName(metadata.AsSequenceMetadata().ElementMeta), [], TensorKinds.Sequence),
        OnnxValueType.ONNX_TYPE_MAP => new TensorSpec(name, TypeName(metadata), [], TensorKinds.Map),
        _ => new TensorSpec(name, metadata.OnnxValueType.ToString(), [], metadata.OnnxValueType.ToString()),
    };

    // ONNX's own spelling (float, map(int64,float)) so violations read the way the model's author wrote the graph.
    private static string TypeName(NodeMetadata metadata) => metadata.OnnxValueType switch
    {
        OnnxValueType.ONNX_TYPE_TENSOR => ElementTypeName(metadata.ElementDataType),
        OnnxValueType.ONNX_TYPE_SEQUENCE => $"seq({TypeName(metadata.AsSequenceMetadata().ElementMeta)})",
        OnnxValueType.ONNX_TYPE_MAP => $"map({ElementTypeName(metadata.AsMapMetadata().KeyDataType)},{TypeName(metadata.AsMapMetadata().ValueMetadata)})",
        _ => metadata.OnnxValueType.ToString(),
    };

    internal static string ElementTypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float",
        TensorElementType.Double => "double",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.Int8 => "int8",
        TensorElementType.Int16 => "int16",
        TensorElementType.Int32 => "int32",
        TensorElementType.Int64 => "int64",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.UInt64 => "uint64",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        _ => type.ToString().ToLowerInvariant(),
    };

    private sealed class RunTermination : IDisposable
    {
        private readonly RunOptions options;
        private readonly CancellationTokenRegistration registration;

        public RunTermination(RunOptions options, CancellationToken cancellationToken)
        {
            this.options = options;
            registration = cancellationToken.Register(() => options.Terminate = true);
        }

        public void Dispose()
        {
            // Unregistering waits for a callback in progress, so the flag is not set again after the reset.
            registration.Dispose();
            options.Terminate = false;
        }
    }
}
