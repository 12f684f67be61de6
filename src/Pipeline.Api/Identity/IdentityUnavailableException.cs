using Pipeline.Core.Errors;

namespace Pipeline.Api.Identity;

/// <summary>The identity provider's discovery document or keys cannot be fetched: no token can be checked (503).</summary>
public sealed class IdentityUnavailableException : PipelineException
{
    /// <summary>Creates the exception with the failure that caused it.</summary>
    public IdentityUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
