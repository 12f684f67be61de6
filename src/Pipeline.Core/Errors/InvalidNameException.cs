namespace Pipeline.Core.Errors;

/// <summary>A model name or version label breaks the naming rules.</summary>
public sealed class InvalidNameException(string part, string reason)
    : PipelineException(reason)
{
    /// <summary>Which part was invalid: <c>model</c> or <c>version</c>.</summary>
    public string Part { get; } = part;
}
