namespace Pipeline.Cli.Failures;

/// <summary>
/// The command did not get what it asked for, though the pipeline answered: the tests failed, the upload was
/// not registered, the stage cannot be asked for. <paramref name="document"/> is the API's JSON to print under
/// <c>--json</c> (the version as it ended), when there is one.
/// </summary>
internal sealed class CommandRefusedException(string title, string detail, string? document = null)
    : Exception($"{title}: {detail}")
{
    /// <summary>What was refused, in a few words.</summary>
    public string Title { get; } = title;

    /// <summary>Why, and what to do about it.</summary>
    public string Detail { get; } = detail;

    /// <summary>The API's document that shows it, if any.</summary>
    public string? Document { get; } = document;
}
