using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Pipeline.Core.Access;

namespace Pipeline.Api.Identity;

/// <summary>
/// The caller as App Service Authentication (Easy Auth) verified it: the base64 JSON claims document in
/// <c>X-MS-CLIENT-PRINCIPAL</c>. Easy Auth removes that header from what clients send, so it is trusted
/// only behind Easy Auth; the name header is not read at all.
/// </summary>
public sealed class EasyAuthCallerResolver : ICallerResolver
{
    // Entra sets role_typ to this long claim type but sends the roles as "roles" claims: both are read.
    private const string RolesClaim = "roles";

    /// <inheritdoc />
    public Task<Caller> ResolveAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(FromPrincipalHeader(request.Headers[IdentityHeaders.Principal].ToString()));

    /// <summary>The caller the claims document <paramref name="header"/> describes.</summary>
    /// <exception cref="UnauthenticatedException">The header is missing, not base64 JSON of a claims document, or names no object id.</exception>
    public static Caller FromPrincipalHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new UnauthenticatedException(
                $"No identity: the request has no {IdentityHeaders.Principal} header, which App Service Authentication sets for a signed-in caller.");
        }

        var document = Decode(header.Trim());
        var claims = new CallerClaims((document.Claims ?? []).Select(c => (c.Type, c.Value)));
        var id = claims.EntraId()
            ?? throw new UnauthenticatedException($"The {IdentityHeaders.Principal} document names no object id (oid claim), so the caller cannot be told apart from others.");
        return CallerClaims.ToCaller(id, claims.First(document.NameType, "preferred_username", "name"), claims.All(document.RoleType, RolesClaim));
    }

    private static ClientPrincipal Decode(string header)
    {
        var padded = header.PadRight(header.Length + ((4 - (header.Length % 4)) % 4), '=');
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var length))
        {
            throw Malformed("it is not base64");
        }

        try
        {
            return JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(bytes, 0, length)) ?? throw Malformed("it is JSON null");
        }
        catch (JsonException)
        {
            throw Malformed("it is not a JSON claims document");
        }
    }

    private static UnauthenticatedException Malformed(string why) =>
        new($"The {IdentityHeaders.Principal} header is not a claims document from App Service Authentication: {why}.");

    private sealed record ClientPrincipal(
        [property: JsonPropertyName("auth_typ")] string? AuthType,
        [property: JsonPropertyName("claims")] IReadOnlyList<ClientPrincipalClaim>? Claims,
        [property: JsonPropertyName("name_typ")] string? NameType,
        [property: JsonPropertyName("role_typ")] string? RoleType);

    private sealed record ClientPrincipalClaim(
        [property: JsonPropertyName("typ")] string? Type,
        [property: JsonPropertyName("val")] string? Value);
}
