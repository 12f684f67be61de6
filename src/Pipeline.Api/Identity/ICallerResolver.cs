using Microsoft.AspNetCore.Http;
using Pipeline.Core.Access;

namespace Pipeline.Api.Identity;

/// <summary>Who made a request, as the configured <see cref="AuthProvider"/> verifies it.</summary>
public interface ICallerResolver
{
    /// <summary>The verified caller of <paramref name="request"/>.</summary>
    /// <exception cref="UnauthenticatedException">The request carries no identity, or one that does not verify.</exception>
    /// <exception cref="IdentityUnavailableException">The identity provider's keys cannot be fetched.</exception>
    Task<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken);
}
