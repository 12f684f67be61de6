using Microsoft.AspNetCore.Http;
using Pipeline.Core.Access;

namespace Pipeline.Api.Identity;

/// <summary>
/// Local runs only (its settings are refused outside the Development environment): the caller is
/// whoever <c>X-MS-CLIENT-PRINCIPAL-NAME</c> says, <see cref="DefaultName"/> without it, with the roles
/// <c>X-Pipeline-Roles</c> lists, or every role when that header is absent. Nothing is verified.
/// </summary>
public sealed class DevelopmentCallerResolver : ICallerResolver
{
    /// <summary>The caller of a request without a name header, so that a plain curl works locally.</summary>
    public const string DefaultName = "local-user";

    /// <inheritdoc />
    public Task<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var name = request.Headers[IdentityHeaders.PrincipalName].ToString().Trim();
        if (name.Length == 0)
        {
            name = DefaultName;
        }

        // An empty X-Pipeline-Roles header is a caller with no roles, which is how a 403 is tried locally.
        var roles = request.Headers.TryGetValue(IdentityHeaders.Roles, out var listed)
            ? PipelineRoles.FromClaimValues(listed.SelectMany(value => (value ?? string.Empty).Split(',')))
            : PipelineRoles.All;
        return Task.FromResult(new Caller($"development:{name}", name, roles));
    }
}
