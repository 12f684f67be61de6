using Pipeline.Core.Access;

namespace Pipeline.Api.Identity;

/// <summary>
/// The claims of a verified identity (an Easy Auth document or a token), read the same way by both:
/// Entra's object id and tenant make the stable id, names and roles come from the first claim type present.
/// </summary>
internal sealed class CallerClaims(IEnumerable<(string? Type, string? Value)> claims)
{
    private const string ObjectIdUri = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string TenantIdUri = "http://schemas.microsoft.com/identity/claims/tenantid";

    private readonly ILookup<string, string> byType = claims
        .Where(c => !string.IsNullOrWhiteSpace(c.Type) && !string.IsNullOrWhiteSpace(c.Value))
        .ToLookup(c => c.Type!, c => c.Value!.Trim(), StringComparer.Ordinal);

    /// <summary>The first value of the first of <paramref name="types"/> present (null types are skipped).</summary>
    public string? First(params string?[] types) => types.OfType<string>().SelectMany(t => byType[t]).FirstOrDefault();

    /// <summary>Every value of each of <paramref name="types"/>.</summary>
    public IEnumerable<string> All(params string?[] types) => types.OfType<string>().Distinct(StringComparer.Ordinal).SelectMany(t => byType[t]);

    /// <summary><c>{tenantId}/{objectId}</c> for an Entra identity; null without an object id.</summary>
    public string? EntraId()
    {
        var objectId = First(ObjectIdUri, "oid");
        var tenantId = First(TenantIdUri, "tid");
        return objectId is null ? null : tenantId is null ? objectId : $"{tenantId}/{objectId}";
    }

    /// <summary>The caller: named <paramref name="name"/> (its id when it has none), with the pipeline roles among <paramref name="roleValues"/>.</summary>
    public static Caller ToCaller(string id, string? name, IEnumerable<string> roleValues) =>
        new(id, name ?? id, PipelineRoles.FromClaimValues(roleValues));
}
