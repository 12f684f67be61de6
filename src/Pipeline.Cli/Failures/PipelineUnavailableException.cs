namespace Pipeline.Cli.Failures;

/// <summary>The pipeline could not be reached, answered with a 5xx, or did not get where it was asked to in time.</summary>
internal sealed class PipelineUnavailableException(string title, string detail, Exception? inner = null)
    : Exception($"{title}: {detail}", inner)
{
    /// <summary>What went wrong, in a few words.</summary>
    public string Title { get; } = title;

    /// <summary>The specifics.</summary>
    public string Detail { get; } = detail;
}
