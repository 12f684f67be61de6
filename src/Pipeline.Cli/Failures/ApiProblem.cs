namespace Pipeline.Cli.Failures;

/// <summary>The parts of an RFC 9457 problem document the CLI prints.</summary>
internal sealed record ApiProblem(string? Title, string? Detail, int? Status);
