namespace Pipeline.Core.Errors;

/// <summary>A request could not be understood (malformed body, invalid field).</summary>
public sealed class InvalidRequestException(string message)
    : PipelineException(message);
