using Pipeline.Core.Errors;

namespace Pipeline.Evaluation.Loading;

/// <summary>
/// An artifact could not be loaded as an ONNX model (empty, truncated, not ONNX, or using operators the
/// runtime does not have). It is a fact about the artifact, so the staging checks record it as a failed
/// check instead of retrying.
/// </summary>
public sealed class ModelLoadException : PipelineException
{
    /// <summary>Creates the exception with the reason the artifact is unusable.</summary>
    public ModelLoadException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception with the reason and the runtime's own error.</summary>
    public ModelLoadException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
