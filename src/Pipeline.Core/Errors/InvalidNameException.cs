namespace Pipeline.Core.Errors;

/// <summary>A model name, version label or artifact file name breaks the naming rules.</summary>
public sealed class InvalidNameException(string part, string reason)
    : PipelineException(reason)
{
    /// <summary>Which part was invalid: <c>model</c>, <c>version</c> or <c>fileName</c>.</summary>
    public string Part { get; } = part;
}
