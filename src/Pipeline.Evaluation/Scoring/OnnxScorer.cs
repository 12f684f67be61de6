using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Core.Policies;
using Pipeline.Evaluation.Loading;
using Pipeline.Evaluation.Signatures;

namespace Pipeline.Evaluation.Scoring;

/// <summary>
/// Scores batches of float feature rows with a loaded model and turns whatever the model outputs into the
/// scores the task needs: the positive-class probability per row (binary), one score per class per row
/// (multiclass), or the prediction per row (regression). Safe to use from several threads at once; it
/// holds no per-batch state.
/// </summary>
/// <remarks>
/// <para>
/// The input is the one named, or the model's only input. The output is the one named, or by default the
/// first output, except that for classification a label output (an integer or string tensor, which
/// skl2onnx writes first as <c>label</c>) cannot be turned into scores, so the scorer reads the model's
/// probability output instead: the first output that is a float tensor or a ZipMap sequence of
/// <c>map(int64,float)</c>, preferring one whose name contains "prob". <see cref="OutputName"/> says which
/// output the scores come from.
/// </para>
/// <para>
/// Tensor outputs are read by their actual shape: <c>[N]</c> and <c>[N,1]</c> are one score per row;
/// for binary classification <c>[N,2]</c> is read as <c>[P(0), P(1)]</c>, column 1; for multiclass
/// <c>[N,K]</c> is K class scores. ZipMap outputs need int64 class labels: <c>{0, 1}</c> for binary (the
/// entry for 1 is read), <c>0..K-1</c> for multiclass.
/// </para>
/// </remarks>
public sealed class OnnxScorer
{
    private readonly OnnxModel model;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly bool outputIsZipMap;

    /// <summary>Prepares to score with <paramref name="model"/>; the model must outlive the scorer.</summary>
    /// <exception cref="ScoringException">The input or output cannot be found or chosen, or cannot be read for the task.</exception>
    public OnnxScorer(OnnxModel model, EvaluationTask task, string? inputName = null, string? outputName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        EvaluationTask = task;

        var input = ChooseInput(model.Signature, inputName);
        InputName = input.Name;
        FeatureCount = input.Shape[1] >= 0 ? checked((int)input.Shape[1]) : null;

        var output = ChooseOutput(model.Signature, task, outputName);
        OutputName = output.Name;
        outputIsZipMap = output.Kind == TensorKinds.Sequence;

        inputNames = [InputName];
        outputNames = [OutputName];
    }

    /// <summary>What the scores mean.</summary>
    public EvaluationTask EvaluationTask { get; }

    /// <summary>The input the features are fed to.</summary>
    public string InputName { get; }

    /// <summary>The output the scores are read from (the probability output when a label output was asked for).</summary>
    public string OutputName { get; }

    /// <summary>How many features a row must have, or null when the model leaves the width symbolic.</summary>
    public int? FeatureCount { get; }

    /// <summary>Scores <paramref name="rows"/> rows of <paramref name="featureCount"/> features, row-major.</summary>
    /// <exception cref="ScoringException">
    /// The rows have a different number of features than the model takes, the runtime refuses the batch, or
    /// the output cannot be read for the task.
    /// </exception>
    public unsafe ScoredBatch ScoreBatch(ReadOnlySpan<float> featuresRowMajor, int rows, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if (FeatureCount is int declared && declared != featureCount)
        {
            throw new ScoringException(
                $"The model's input '{InputName}' takes {declared} features per row; the data has {featureCount}.");
        }

        if (featuresRowMajor.Length != (long)rows * featureCount)
        {
            throw new ArgumentException(
                $"{rows} rows of {featureCount} features need {(long)rows * featureCount} values; got {featuresRowMajor.Length}.",
                nameof(featuresRowMajor));
        }

        // The runtime reads the caller's memory in place, pinned for the length of the run: no copy and no
        // buffer to pool, and with no shared buffer the scorer stays safe to call from several threads.
        fixed (float* features = featuresRowMajor)
        {
            using var input = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance,
                TensorElementType.Float,
                [rows, featureCount],
                (IntPtr)features,
                (long)featuresRowMajor.Length * sizeof(float));
            using var outputs = Run(input);
            return outputIsZipMap ? ReadZipMap(outputs[0], rows) : ReadTensor(outputs[0], rows);
        }
    }

    /// <summary>
    /// Stops this scorer's runs in flight once <paramref name="cancellationToken"/> is cancelled, until the
    /// result is disposed; see <see cref="OnnxModel.TerminateRunsWhen"/>. Pair it with
    /// <see cref="ScoreBatch(ReadOnlySpan{float}, int, int, CancellationToken)"/>, which reports such a stop as a cancellation.
    /// </summary>
    internal IDisposable TerminateRunsWhen(CancellationToken cancellationToken) => model.TerminateRunsWhen(cancellationToken);

    /// <summary>
    /// <see cref="ScoreBatch(ReadOnlySpan{float}, int, int)"/>, except that a run stopped because
    /// <paramref name="cancellationToken"/> was cancelled (see <see cref="TerminateRunsWhen"/>) throws
    /// <see cref="OperationCanceledException"/> rather than a scoring failure.
    /// </summary>
    internal ScoredBatch ScoreBatch(ReadOnlySpan<float> featuresRowMajor, int rows, int featureCount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return ScoreBatch(featuresRowMajor, rows, featureCount);
        }
        catch (ScoringException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was stopped because its work was cancelled.", e, cancellationToken);
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(OrtValue input)
    {
        try
        {
            return model.Session.Run(model.RunOptions, inputNames, [input], outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ScoringException($"The model ({model.Source}) failed to score the batch: {e.Message}", e);
        }
    }

    private ScoredBatch ReadTensor(OrtValue output, int rows)
    {
        var info = output.GetTensorTypeAndShape();
        var shape = info.Shape;
        var columns = shape switch
        {
            [var n] when n == rows => 1,
            [var n, var k] when n == rows && k > 0 => checked((int)k),
            _ => throw Unreadable($"has shape [{string.Join(',', shape)}] for {rows} rows"),
        };

        // Which columns of each row are the scores: all of them, except that a binary [N,2] is [P(0), P(1)].
        var (first, width) = (EvaluationTask, columns) switch
        {
            (EvaluationTask.BinaryClassification, 1) => (0, 1),
            (EvaluationTask.BinaryClassification, 2) => (1, 1),
            (EvaluationTask.Regression, 1) => (0, 1),
            (EvaluationTask.MulticlassClassification, > 1) => (0, columns),
            _ => throw Unreadable($"has {columns} value(s) per row, which is not a {Describe(EvaluationTask)} output"),
        };

        var scores = new float[rows * width];
        switch (info.ElementDataType)
        {
            case TensorElementType.Float:
                Copy(output.GetTensorDataAsSpan<float>(), columns, first, scores, width);
                break;
            case TensorElementType.Double:
                Copy(output.GetTensorDataAsSpan<double>(), columns, first, scores, width);
                break;
            default:
                throw Unreadable($"holds {OnnxModel.ElementTypeName(info.ElementDataType)} values, not scores");
        }

        return new ScoredBatch(scores, rows, width);
    }

    private static void Copy(ReadOnlySpan<float> source, int columns, int first, float[] destination, int width)
    {
        if (columns == width)
        {
            source[..destination.Length].CopyTo(destination);
            return;
        }

        for (int row = 0, at = first; row < destination.Length; row++, at += columns)
        {
            destination[row] = source[at];
        }
    }

    private static void Copy(ReadOnlySpan<double> source, int columns, int first, float[] destination, int width)
    {
        for (var row = 0; row < destination.Length / width; row++)
        {
            for (var j = 0; j < width; j++)
            {
                destination[(row * width) + j] = (float)source[(row * columns) + first + j];
            }
        }
    }

    // ZipMap gives one native map per row, so this path costs a few runtime calls per row; there is no
    // tensor to read the probabilities from in bulk, because the graph does not expose ZipMap's input.
    private ScoredBatch ReadZipMap(OrtValue sequence, int rows)
    {
        var count = sequence.GetValueCount();
        if (count != rows)
        {
            throw Unreadable($"has {count} maps for {rows} rows");
        }

        var allocator = OrtAllocator.DefaultInstance;
        var binary = EvaluationTask == EvaluationTask.BinaryClassification;
        float[]? scores = binary ? new float[rows] : null;
        var classes = 0;
        for (var row = 0; row < rows; row++)
        {
            using var map = sequence.GetValue(row, allocator);
            using var keyTensor = map.GetValue(0, allocator);
            using var valueTensor = map.GetValue(1, allocator);
            var keys = keyTensor.GetTensorDataAsSpan<long>();
            var values = valueTensor.GetTensorDataAsSpan<float>();
            if (binary)
            {
                if (keys.Length != 2 || !keys.Contains(0L) || !keys.Contains(1L))
                {
                    throw Unreadable($"has class labels {{{string.Join(", ", keys.ToArray())}}}; binary classification needs {{0, 1}}");
                }

                scores![row] = values[keys.IndexOf(1L)];
                continue;
            }

            if (row == 0)
            {
                classes = keys.Length;
                scores = new float[rows * classes];
            }

            if (keys.Length != classes || classes < 2)
            {
                throw Unreadable($"has {keys.Length} classes in row {row} where row 0 has {classes}");
            }

            for (var j = 0; j < keys.Length; j++)
            {
                var label = keys[j];
                if (label < 0 || label >= classes)
                {
                    throw Unreadable($"has class label {label}; multiclass scores need labels 0..{classes - 1}");
                }

                scores![(row * classes) + (int)label] = values[j];
            }
        }

        return new ScoredBatch(scores!, rows, binary ? 1 : classes);
    }

    private ScoringException Unreadable(string problem) =>
        new($"Output '{OutputName}' of the model ({model.Source}) {problem}.");

    private static TensorSpec ChooseInput(ModelSignature signature, string? inputName)
    {
        TensorSpec input;
        if (inputName is not null)
        {
            input = signature.FindInput(inputName)
                ?? throw new ScoringException($"The model has no input '{inputName}'; its inputs are {List(signature.Inputs)}.");
        }
        else if (signature.Inputs.Count == 1)
        {
            input = signature.Inputs[0];
        }
        else
        {
            throw new ScoringException(
                $"The model has {signature.Inputs.Count} inputs ({List(signature.Inputs)}); name the one the features go to.");
        }

        if (input.Kind != TensorKinds.Tensor || input.ElementType != "float" || input.Rank != 2)
        {
            throw new ScoringException($"Input '{input.Name}' ({input}) is not a float matrix [rows, features]; the scorer feeds float feature rows.");
        }

        return input;
    }

    private static TensorSpec ChooseOutput(ModelSignature signature, EvaluationTask task, string? outputName)
    {
        var chosen = outputName is null
            ? signature.Outputs[0]
            : signature.FindOutput(outputName)
                ?? throw new ScoringException($"The model has no output '{outputName}'; its outputs are {List(signature.Outputs)}.");

        if (task == EvaluationTask.Regression)
        {
            return IsNumericTensor(chosen)
                ? chosen
                : throw new ScoringException($"Output '{chosen.Name}' ({chosen}) is not a float or double tensor, so it holds no predictions.");
        }

        if (IsClassScores(chosen))
        {
            return chosen;
        }

        // A label cannot become a score; read the probabilities the label was derived from.
        return signature.Outputs
            .Where(IsClassScores)
            .OrderByDescending(o => o.Name.Contains("prob", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault()
            ?? throw new ScoringException(
                $"Output '{chosen.Name}' ({chosen}) holds no class scores, and the model has no output to read them from instead " +
                "(a float tensor, or a ZipMap sequence of map(int64,float)).");
    }

    private static bool IsNumericTensor(TensorSpec spec) =>
        spec.Kind == TensorKinds.Tensor && spec.ElementType is "float" or "double";

    private static bool IsClassScores(TensorSpec spec) =>
        IsNumericTensor(spec) || (spec.Kind == TensorKinds.Sequence && spec.ElementType == "map(int64,float)");

    private static string List(IEnumerable<TensorSpec> specs) => string.Join(", ", specs.Select(s => $"'{s.Name}'"));

    private static string Describe(EvaluationTask task) => task switch
    {
        EvaluationTask.BinaryClassification => "binary classification ([N], [N,1] or [N,2])",
        EvaluationTask.MulticlassClassification => "multiclass ([N,K], K > 1)",
        _ => "regression ([N] or [N,1])",
    };
}
