namespace Pipeline.Api.Identity;

/// <summary>Where the API learns who a caller is (setting <c>Auth__Provider</c>).</summary>
public enum AuthProvider
{
    /// <summary>
    /// App Service Authentication in front of the app: the caller is the claims document it puts in
    /// <c>X-MS-CLIENT-PRINCIPAL</c>. Only behind Easy Auth, which strips that header from what clients send.
    /// </summary>
    EasyAuth,

    /// <summary>Bearer tokens, validated by the app itself (issuer, audience, lifetime, signature).</summary>
    Jwt,

    /// <summary>Local only: the caller is whoever the request's headers say. Refused outside the Development environment.</summary>
    Development,
}
