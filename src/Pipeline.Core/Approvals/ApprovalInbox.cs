using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Approvals;

/// <summary>The approver's inbox: every version awaiting a decision, across models, with what it is weighed against.</summary>
public sealed class ApprovalInbox(ModelQueries queries, IRegistryStore store, IPolicyStore policies)
{
    /// <summary>
    /// Every version awaiting a decision, oldest first: by when its wait for a decision ends (the approval
    /// deadline, which the wait's start fixes), then by registration, model and version.
    /// </summary>
    public async Task<IReadOnlyList<PendingApproval>> ListPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await queries.ListAwaitingApprovalAsync(cancellationToken);
        var result = new List<PendingApproval>(pending.Count);
        foreach (var byModel in pending.GroupBy(v => v.Model, StringComparer.Ordinal))
        {
            var production = await FindProductionVersionAsync(byModel.Key, cancellationToken);
            var policy = await policies.FindAsync(byModel.Key, cancellationToken) ?? ModelPolicy.Default;
            var required = policy.Approval?.Required ?? 1;
            result.AddRange(byModel.Select(version =>
            {
                var (uploadedBy, verified) = UploaderOf(version);
                return new PendingApproval(version, uploadedBy, verified, required, ProductionComparer.Compare(version, production));
            }));
        }

        return
        [
            .. result
                .OrderBy(p => p.Version.ApprovalDueAt ?? DateTimeOffset.MaxValue)
                .ThenBy(p => p.Version.RegisteredAt)
                .ThenBy(p => p.Version.Model, StringComparer.Ordinal)
                .ThenBy(p => p.Version.Version, StringComparer.Ordinal),
        ];
    }

    /// <summary>How <paramref name="version"/> differs from its model's production version now.</summary>
    public async Task<ProductionComparison> CompareWithProductionAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        // The version in production is not read a second time when it is the one asked about.
        var production = await store.FindModelAsync(version.Model, cancellationToken) is { Production: { } pointer }
            ? pointer.Version == version.Version ? version : await store.FindVersionAsync(version.Model, pointer.Version, cancellationToken)
            : null;
        return ProductionComparer.Compare(version, production);
    }

    /// <summary>
    /// Who uploaded <paramref name="version"/>: the uploader recorded at registration (verified through an upload
    /// intent, or claimed), else, for a version registered before uploaders were recorded, its metadata's claim.
    /// </summary>
    public static (string? Name, bool Verified) UploaderOf(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.UploadedBy is { } uploader)
        {
            return (uploader.Name, uploader.Verified);
        }

        return version.Metadata.TryGetValue(ModelVersion.UploadedByMetadata, out var claimed) && !string.IsNullOrWhiteSpace(claimed)
            ? (claimed.Trim(), false)
            : (null, false);
    }

    private async Task<ModelVersion?> FindProductionVersionAsync(string model, CancellationToken cancellationToken) =>
        await store.FindModelAsync(model, cancellationToken) is { Production: { } pointer }
            ? await store.FindVersionAsync(model, pointer.Version, cancellationToken)
            : null;
}
