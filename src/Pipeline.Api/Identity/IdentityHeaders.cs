namespace Pipeline.Api.Identity;

/// <summary>The request headers the identity providers read.</summary>
public static class IdentityHeaders
{
    /// <summary>Easy Auth's claims document (base64 JSON), read under <see cref="AuthProvider.EasyAuth"/>.</summary>
    public const string Principal = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Easy Auth's name header; under <see cref="AuthProvider.Development"/>, the caller's name.</summary>
    public const string PrincipalName = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>Under <see cref="AuthProvider.Development"/>: the caller's roles, comma separated (all roles when absent).</summary>
    public const string Roles = "X-Pipeline-Roles";
}
