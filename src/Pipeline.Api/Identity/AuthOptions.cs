using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Api.Identity;

/// <summary>How callers are identified (configuration section <c>Auth</c>, environment <c>Auth__*</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Auth";

    /// <summary>
    /// <c>EasyAuth</c>, <c>Jwt</c> or <c>Development</c>, any case. Bound as text so that a wrong value is
    /// refused with the setting's name and the choices; empty means the host's default.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>The <c>Jwt</c> provider's settings.</summary>
    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>The provider, once the settings are validated.</summary>
    /// <exception cref="InvalidOperationException">The settings were not validated.</exception>
    public AuthProvider SelectedProvider => TryParseProvider(Provider, out var provider)
        ? provider
        : throw new InvalidOperationException($"{SettingNames.AuthProvider} '{Provider}' was not validated.");

    /// <summary>Fills in the host's default provider when none is set.</summary>
    public void ApplyHostDefault(AuthProvider hostDefault)
    {
        if (string.IsNullOrWhiteSpace(Provider))
        {
            Provider = hostDefault.ToString();
        }
    }

    /// <summary>Reads and validates the settings now, for a host that must know them before its container exists.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is invalid; every failure is named.</exception>
    public static AuthOptions Read(IConfiguration configuration, IHostEnvironment environment, AuthProvider hostDefault) =>
        ValidatedSettings.Read(configuration, Section, new AuthOptionsValidator(environment), options => options.ApplyHostDefault(hostDefault));

    /// <summary>Parses a provider name (any case; numbers are not names).</summary>
    public static bool TryParseProvider(string? text, out AuthProvider provider)
    {
        var name = Enum.GetNames<AuthProvider>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        provider = name is null ? default : Enum.Parse<AuthProvider>(name);
        return name is not null;
    }
}
