namespace Pipeline.Core.Access;

/// <summary>
/// A verified caller: who the identity provider says made the request.
/// </summary>
/// <param name="Id">
/// Stable across sign-ins and name changes, for comparing callers (separation of duties):
/// <c>{tenantId}/{objectId}</c> for an Entra identity, <c>{issuer}#{subject}</c> for another token issuer,
/// <c>development:{name}</c> under the local Development provider.
/// </param>
/// <param name="Name">The name recorded as the actor in the history (a user principal name, an e-mail, ...).</param>
/// <param name="Roles">The pipeline roles the caller holds.</param>
public sealed record Caller(string Id, string Name, IReadOnlySet<PipelineRole> Roles)
{
    /// <summary>Whether the caller holds <paramref name="role"/>.</summary>
    public bool Holds(PipelineRole role) => Roles.Contains(role);
}
