namespace Pipeline.Core.Errors;

/// <summary>A model name or version label breaks the naming rules.</summary>
public sealed class InvalidNameException : PipelineException
{
    /// <summary>Creates the exception for the named part.</summary>
    public InvalidNameException(string part, string reason)
        : base(reason)
    {
        Part = part;
    }

    /// <summary>Which part was invalid: <c>model</c> or <c>version</c>.</summary>
    public string Part { get; }
}
