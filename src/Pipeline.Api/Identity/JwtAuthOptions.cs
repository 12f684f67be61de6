namespace Pipeline.Api.Identity;

/// <summary>The <c>Jwt</c> provider's settings (<c>Auth__Jwt__*</c>).</summary>
public sealed class JwtAuthOptions
{
    /// <summary>The OpenID Connect authority whose discovery document gives the issuer and the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The issuer tokens must name: required with <see cref="SigningKey"/>; with an authority it overrides the discovered one.</summary>
    public string? Issuer { get; set; }

    /// <summary>A fixed HS256 key, base64, for offline use and tests (instead of an authority).</summary>
    public string? SigningKey { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>The decoded signing key, or null when it is unset or not base64.</summary>
    public byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }

        var buffer = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey.Trim(), buffer, out var length) ? buffer[..length] : null;
    }
}
