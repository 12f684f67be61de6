using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Pipeline.Testing;

/// <summary>Bearer tokens minted by the tests (HS256 with a test key), and the settings that make a runtime accept them.</summary>
public static class TestTokens
{
    /// <summary>The issuer the runtime is told to trust.</summary>
    public const string Issuer = "https://issuer.pipeline.test";

    /// <summary>The audience the runtime is told to require.</summary>
    public const string Audience = "api://model-pipeline-tests";

    /// <summary>The key the runtime is told to verify with (32 bytes).</summary>
    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];

    /// <summary>Another key of the same size: a token signed with it must not verify.</summary>
    public static readonly byte[] OtherKey = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 11))];

    /// <summary>Command-line settings for a local runtime under the <c>Jwt</c> provider with the test key.</summary>
    public static IReadOnlyList<string> JwtSettings { get; } =
    [
        "--Auth:Provider=Jwt",
        $"--Auth:Jwt:Issuer={Issuer}",
        $"--Auth:Jwt:Audience={Audience}",
        $"--Auth:Jwt:SigningKey={Convert.ToBase64String(Key)}",
    ];

    /// <summary>The same settings as environment variables, for a local runtime started as a process.</summary>
    public static IReadOnlyDictionary<string, string> JwtEnvironment { get; } = new Dictionary<string, string>
    {
        ["Auth__Provider"] = "Jwt",
        ["Auth__Jwt__Issuer"] = Issuer,
        ["Auth__Jwt__Audience"] = Audience,
        ["Auth__Jwt__SigningKey"] = Convert.ToBase64String(Key),
    };

    /// <summary>
    /// A token for <paramref name="name"/> (its <c>preferred_username</c>) with <paramref name="roles"/>;
    /// the other parameters spoil it one way at a time.
    /// </summary>
    public static string Mint(
        string name,
        IEnumerable<string>? roles = null,
        string issuer = Issuer,
        string audience = Audience,
        byte[]? key = null,
        TimeSpan? expiresIn = null,
        bool signed = true)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires < now ? expires - TimeSpan.FromHours(1) : now,
            NotBefore = expires < now ? expires - TimeSpan.FromHours(1) : now,
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = $"sub-{name}",
                ["preferred_username"] = name,
                ["roles"] = (roles ?? []).ToArray(),
            },
            SigningCredentials = signed ? new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256) : null,
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
