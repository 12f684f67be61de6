namespace Pipeline.Core.Access;

/// <summary>The role claim values of <see cref="PipelineRole"/>: what an identity provider puts in a token's roles.</summary>
public static class PipelineRoles
{
    private const string Prefix = "Pipeline.";

    /// <summary>Every role.</summary>
    public static IReadOnlySet<PipelineRole> All { get; } = Enum.GetValues<PipelineRole>().ToHashSet();

    /// <summary>The claim value of <paramref name="role"/>, e.g. <c>Pipeline.Approver</c>.</summary>
    public static string ClaimValue(PipelineRole role) => Prefix + role;

    /// <summary>
    /// The roles among <paramref name="claimValues"/>. Values are matched exactly (Entra role values are
    /// case-sensitive); values that name no pipeline role are ignored, since a token may carry other apps' roles.
    /// </summary>
    public static IReadOnlySet<PipelineRole> FromClaimValues(IEnumerable<string> claimValues)
    {
        var values = claimValues.Select(v => v.Trim()).ToHashSet(StringComparer.Ordinal);
        return All.Where(role => values.Contains(ClaimValue(role))).ToHashSet();
    }
}
