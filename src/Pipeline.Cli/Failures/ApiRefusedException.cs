namespace Pipeline.Cli.Failures;

/// <summary>The API answered a request with a 4xx: the problem document says why.</summary>
internal sealed class ApiRefusedException(int status, ApiProblem problem, string document)
    : Exception($"{problem.Title}: {problem.Detail}")
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;

    /// <summary>The problem document's title and detail.</summary>
    public ApiProblem Problem { get; } = problem;

    /// <summary>The problem document as the API sent it, for <c>--json</c>.</summary>
    public string Document { get; } = document;
}
