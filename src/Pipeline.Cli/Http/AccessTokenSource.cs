using Azure.Core;
using Azure.Identity;

namespace Pipeline.Cli.Http;

/// <summary>
/// The bearer token sent with every request: the one given (<c>--token</c>, <c>PIPELINE_TOKEN</c>), else one from
/// <see cref="DefaultAzureCredential"/> for <c>--scope</c> (renewed before it expires, since a push may follow a
/// version for longer than a token lives), else none (the local runtime's Development provider needs none).
/// </summary>
internal sealed class AccessTokenSource
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly string? fixedToken;
    private readonly TokenRequestContext? request;
    private readonly TokenCredential? credential;
    private AccessToken? current;

    private AccessTokenSource(string? fixedToken, string? scope)
    {
        this.fixedToken = fixedToken;
        if (fixedToken is null && scope is not null)
        {
            request = new TokenRequestContext([scope]);
            credential = new DefaultAzureCredential();
        }
    }

    /// <summary>A source for the given token, or for the scope when no token is given, or sending none.</summary>
    public static AccessTokenSource Create(string? token, string? scope) =>
        new(string.IsNullOrWhiteSpace(token) ? null : token.Trim(), string.IsNullOrWhiteSpace(scope) ? null : scope.Trim());

    /// <summary>The token to send now, or null to send none.</summary>
    public async ValueTask<string?> GetAsync(CancellationToken cancellationToken)
    {
        if (fixedToken is not null || credential is null)
        {
            return fixedToken;
        }

        if (current is not { } token || token.ExpiresOn - DateTimeOffset.UtcNow < RenewBefore)
        {
            current = token = await credential.GetTokenAsync(request!.Value, cancellationToken);
        }

        return token.Token;
    }
}
