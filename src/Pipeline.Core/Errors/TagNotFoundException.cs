namespace Pipeline.Core.Errors;

/// <summary>A tag to delete that is not there.</summary>
public sealed class TagNotFoundException(string owner, string key)
    : PipelineException($"The {owner} has no tag '{key}'.")
{
    /// <summary>The tag asked for.</summary>
    public string Key { get; } = key;
}
