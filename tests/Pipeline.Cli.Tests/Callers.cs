using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>The people the tests act as, each with a bearer token the runtime's Jwt provider accepts.</summary>
public static class Callers
{
    /// <summary>Uploads, and is also an approver, so that only separation of duties stops her approving her own uploads.</summary>
    public static readonly string Ursula = TestTokens.Mint("ursula@example.com", ["Pipeline.Uploader", "Pipeline.Approver"], expiresIn: TimeSpan.FromHours(2));

    /// <summary>An approver who uploads nothing.</summary>
    public static readonly string Ann = TestTokens.Mint("ann@example.com", ["Pipeline.Approver"], expiresIn: TimeSpan.FromHours(2));

    /// <summary>An operator: retest and rollback.</summary>
    public static readonly string Otto = TestTokens.Mint("otto@example.com", ["Pipeline.Operator"], expiresIn: TimeSpan.FromHours(2));

    /// <summary>A reader: signed in, no role.</summary>
    public static readonly string Rita = TestTokens.Mint("rita@example.com", expiresIn: TimeSpan.FromHours(2));
}
