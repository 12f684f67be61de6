namespace Pipeline.Cli.Failures;

/// <summary>The command line asks for something that cannot be done as written (a missing file, a bad URL).</summary>
internal sealed class UsageException(string message) : Exception(message);
