using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Pipeline.Core.Access;

namespace Pipeline.Api.Identity;

/// <summary>
/// The caller of a bearer token, validated here (issuer, audience, lifetime, signature) so that the
/// Functions worker and the local runtime check tokens the same way. Keys come from the authority's
/// OpenID discovery document, or are one fixed HS256 key for offline use and tests. Identity headers
/// such as <c>X-MS-CLIENT-PRINCIPAL-NAME</c> are never read.
/// </summary>
public sealed class JwtCallerResolver : ICallerResolver
{
    /// <summary>The named HTTP client discovery documents are fetched with.</summary>
    public const string DiscoveryClient = "Pipeline.Identity.Discovery";

    private const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    private readonly JsonWebTokenHandler handler = new();
    private readonly TokenValidationParameters parameters;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? discovery;
    private readonly string? issuer;

    /// <summary>Creates the resolver from validated settings.</summary>
    public JwtCallerResolver(JwtAuthOptions options, HttpClient discoveryClient)
    {
        issuer = string.IsNullOrWhiteSpace(options.Issuer) ? null : options.Issuer.Trim();
        parameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidIssuer = issuer,
            ValidAudience = options.Audience?.Trim(),
        };

        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            discovery = new ConfigurationManager<OpenIdConnectConfiguration>(
                options.Authority.Trim().TrimEnd('/') + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever(discoveryClient) { RequireHttps = true });
        }
        else
        {
            parameters.IssuerSigningKey = new SymmetricSecurityKey(options.SigningKeyBytes());
            parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
    }

    /// <inheritdoc />
    public async Task<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var token = BearerToken(request)
            ?? throw new UnauthenticatedException("No identity: send a bearer token for this API (Authorization: Bearer <token>).", Scheme);
        var result = await handler.ValidateTokenAsync(token, await ParametersAsync(cancellationToken));
        if (!result.IsValid)
        {
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // The authority may have rolled its keys: the next request reads the discovery document again.
                discovery?.RequestRefresh();
            }

            throw Refused(Reason(result.Exception));
        }

        var claims = new CallerClaims(result.ClaimsIdentity.Claims.Select(c => ((string?)c.Type, (string?)c.Value)));
        var id = claims.EntraId()
            ?? (claims.First("sub") is { } subject ? $"{result.SecurityToken.Issuer}#{subject}" : throw Refused("it names no subject (no oid or sub claim)"));
        return CallerClaims.ToCaller(id, claims.First("preferred_username", "upn", "email", "name", "sub"), claims.All("roles"));
    }

    private async Task<TokenValidationParameters> ParametersAsync(CancellationToken cancellationToken)
    {
        if (discovery is null)
        {
            return parameters;
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await discovery.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new IdentityUnavailableException("The identity provider's discovery document or signing keys could not be fetched; no token can be checked now.", e);
        }

        var current = parameters.Clone();
        current.IssuerSigningKeys = configuration.SigningKeys;
        current.ValidIssuer = issuer ?? configuration.Issuer;
        return current;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[(Scheme.Length + 1)..].Trim();
        return token.Length == 0 ? null : token;
    }

    private static UnauthenticatedException Refused(string reason) =>
        new($"The bearer token was refused: {reason}.", $"{Scheme} error=\"invalid_token\", error_description=\"The token was refused: {reason}\"");

    // Most derived first: a missing key is a kind of invalid signature.
    private static string Reason(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "it has expired",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenNoExpirationException => "it has no expiry",
        SecurityTokenInvalidAudienceException => "it is for another audience",
        SecurityTokenInvalidIssuerException => "it is from another issuer",
        SecurityTokenInvalidAlgorithmException => "its signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not verify",
        SecurityTokenMalformedException or ArgumentException => "it is not a well-formed JWT",
        _ => "it is not valid",
    };
}
