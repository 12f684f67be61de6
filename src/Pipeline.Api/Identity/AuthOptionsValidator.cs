using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Api.Identity;

/// <summary>The rules for the <c>Auth__*</c> settings: a known provider, a complete <c>Jwt</c> setup, <c>Development</c> only in Development.</summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    /// <summary>The shortest HS256 key accepted: 256 bits, as the algorithm requires.</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!AuthOptions.TryParseProvider(options.Provider, out var provider))
        {
            return ValidateOptionsResult.Fail(
                $"{SettingNames.AuthProvider} must be {string.Join(", ", Enum.GetNames<AuthProvider>())}; it is '{options.Provider}'.");
        }

        return provider switch
        {
            AuthProvider.Jwt => ValidatedSettings.ResultOf([.. JwtFailures(options.Jwt)]),
            AuthProvider.Development when !environment.IsDevelopment() => ValidateOptionsResult.Fail(DevelopmentRefusal(environment.EnvironmentName)),
            _ => ValidateOptionsResult.Success,
        };
    }

    /// <summary>Why the <c>Development</c> provider does not start in <paramref name="environment"/>.</summary>
    public static string DevelopmentRefusal(string environment) =>
        $"{SettingNames.AuthProvider} is Development, which believes whatever identity headers a request carries; it runs only in the " +
        $"Development environment, and this one is '{environment}'. Set DOTNET_ENVIRONMENT=Development for a local run, " +
        $"or {SettingNames.AuthProvider} to Jwt or EasyAuth.";

    /// <summary>What is wrong with the <c>Jwt</c> provider's settings; empty when they are complete.</summary>
    public static IEnumerable<string> JwtFailures(JwtAuthOptions jwt)
    {
        if (string.IsNullOrWhiteSpace(jwt.Audience))
        {
            yield return $"{SettingNames.JwtAudience} must be set when {SettingNames.AuthProvider} is Jwt: the audience tokens must be issued for.";
        }

        var hasAuthority = !string.IsNullOrWhiteSpace(jwt.Authority);
        var hasKey = !string.IsNullOrWhiteSpace(jwt.SigningKey);
        if (hasAuthority == hasKey)
        {
            yield return hasKey
                ? $"Set {SettingNames.JwtAuthority} (OpenID discovery) or {SettingNames.JwtSigningKey} (a fixed HS256 key), not both."
                : $"{SettingNames.AuthProvider} is Jwt: set {SettingNames.JwtAuthority} (OpenID discovery, e.g. an Entra tenant's v2.0 endpoint), " +
                  $"or {SettingNames.JwtIssuer} with {SettingNames.JwtSigningKey}.";
        }

        if (hasAuthority && !(Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps))
        {
            yield return $"{SettingNames.JwtAuthority} must be an https:// URL; it is '{jwt.Authority}'.";
        }

        if (hasKey)
        {
            // The key itself is never echoed: messages reach logs.
            if (jwt.SigningKeyBytes() is not { } key)
            {
                yield return $"{SettingNames.JwtSigningKey} must be base64; it is not.";
            }
            else if (key.Length < MinimumSigningKeyBytes)
            {
                yield return $"{SettingNames.JwtSigningKey} must decode to at least {MinimumSigningKeyBytes} bytes for HS256; it has {key.Length}.";
            }

            if (string.IsNullOrWhiteSpace(jwt.Issuer))
            {
                yield return $"{SettingNames.JwtIssuer} must be set with {SettingNames.JwtSigningKey}: the issuer tokens must name.";
            }
        }
    }
}
