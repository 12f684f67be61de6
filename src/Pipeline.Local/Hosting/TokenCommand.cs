using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pipeline.Api.Identity;
using Pipeline.Core.Access;
using Pipeline.Workflow.Configuration;

namespace Pipeline.Local.Hosting;

/// <summary>
/// <c>token [--name NAME] [--roles Pipeline.Approver,...] [--lifetime 01:00:00]</c> prints a bearer token
/// for the <c>Jwt</c> provider's offline setup (<c>Auth__Jwt__Issuer</c>, <c>__SigningKey</c>,
/// <c>__Audience</c>, read as the runtime reads them), signed with that key. For trying the
/// <c>Jwt</c> provider locally; an authority's tokens come from the authority.
/// </summary>
public static class TokenCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory());
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalSettings.Load(root))
            .AddEnvironmentVariables()
            .Build();
        var jwt = configuration.GetSection(AuthOptions.Section).GetSection(nameof(AuthOptions.Jwt)).Get<JwtAuthOptions>() ?? new JwtAuthOptions();
        var failures = AuthOptionsValidator.JwtFailures(jwt).ToList();
        if (jwt.SigningKeyBytes() is not { } key || failures.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"token signs with the Jwt provider's fixed key: set {SettingNames.JwtIssuer}, {SettingNames.JwtSigningKey} and {SettingNames.JwtAudience}. " +
                string.Join(" ", failures));
            return 2;
        }

        var name = CommandArguments.Option(args, "--name") ?? Environment.UserName;
        var roles = (CommandArguments.Option(args, "--roles") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = roles.Except(PipelineRoles.All.Select(PipelineRoles.ClaimValue)).ToList();
        if (unknown.Count > 0 || !TimeSpan.TryParse(CommandArguments.Option(args, "--lifetime") ?? "01:00:00", System.Globalization.CultureInfo.InvariantCulture, out var lifetime) || lifetime <= TimeSpan.Zero)
        {
            await Console.Error.WriteLineAsync(
                $"usage: token [--name NAME] [--roles {string.Join(",", PipelineRoles.All.Select(PipelineRoles.ClaimValue))}] [--lifetime 01:00:00]" +
                (unknown.Count > 0 ? $" ('{string.Join("', '", unknown)}' is not a pipeline role)" : string.Empty));
            return 2;
        }

        var now = DateTime.UtcNow;
        Console.WriteLine(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = name, ["preferred_username"] = name, ["roles"] = roles },
        }));
        return 0;
    }
}
