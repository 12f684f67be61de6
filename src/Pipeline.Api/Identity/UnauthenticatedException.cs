using Pipeline.Core.Errors;

namespace Pipeline.Api.Identity;

/// <summary>A request without a verified identity: answered 401.</summary>
public sealed class UnauthenticatedException : PipelineException
{
    /// <summary>Creates the exception with what was wrong and, for bearer tokens, the <c>WWW-Authenticate</c> challenge.</summary>
    public UnauthenticatedException(string message, string? challenge = null)
        : base(message)
    {
        Challenge = challenge;
    }

    /// <summary>The <c>WWW-Authenticate</c> value to answer with, if the provider has one.</summary>
    public string? Challenge { get; }
}
