using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Approvals;

/// <summary>The approver's inbox: every version awaiting a decision, across models, with what it is weighed against.</summary>
public sealed class ApprovalInbox(ModelQueries queries, IRegistryStore store, IPolicyStore policies)
{
    /// <summary>
    /// One page of the versions awaiting a decision, oldest first: by when its wait for a decision ends (the approval
    /// deadline, which the wait's start fixes), then by registration, model and version. Policies and production
    /// versions are read for the page's models only.
    /// </summary>
    public async Task<Catalog.CatalogPage<PendingApproval>> ListPendingAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var versions = page.Slice(
            await queries.ListAwaitingApprovalAsync(cancellationToken),
            v => PageRequest.Key(PageRequest.OldestFirst(v.ApprovalDueAt), PageRequest.OldestFirst(v.RegisteredAt), v.Model, v.Version));
        var byModel = new Dictionary<string, (ModelVersion? Production, int Required)>(StringComparer.Ordinal);
        var result = new List<PendingApproval>(versions.Items.Count);
        foreach (var version in versions.Items)
        {
            if (!byModel.TryGetValue(version.Model, out var model))
            {
                var policy = await policies.FindAsync(version.Model, cancellationToken) ?? ModelPolicy.Default;
                byModel[version.Model] = model = (await FindProductionVersionAsync(version.Model, cancellationToken), policy.Approval?.Required ?? 1);
            }

            var (uploadedBy, verified) = UploaderOf(version);
            result.Add(new PendingApproval(version, uploadedBy, verified, model.Required, ProductionComparer.Compare(version, model.Production)));
        }

        return new Catalog.CatalogPage<PendingApproval>(result, versions.NextPageToken);
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
