using Pipeline.Core.Policies;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Approvals;

/// <summary>The approver's inbox: every version awaiting a decision, across models, with what it is weighed against.</summary>
public sealed class ApprovalInbox(IRegistryStore store, IPolicyStore policies)
{
    // Versions of a page read at once: enough to hide round trips, few enough not to swamp the account.
    private const int ParallelVersionReads = 16;

    /// <summary>
    /// One page of the versions awaiting a decision, oldest first: by when its wait for a decision ends (the approval
    /// deadline, which the wait's start fixes), then by registration, model and version. The awaiting index orders them;
    /// the page's versions are read, and one the index still lists after it left its round is left out (and forgotten),
    /// the page filled from the listings after it. Policies and production versions are read for the page's models only.
    /// </summary>
    public async Task<Catalog.CatalogPage<PendingApproval>> ListPendingAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var listed = await store.ListAwaitingApprovalAsync(cancellationToken);
        var versions = new List<ModelVersion>(page.Limit);
        var request = page;
        Catalog.CatalogPage<AwaitingEntry> slice;
        do
        {
            slice = request.Slice(listed, SortKey);
            versions.AddRange(await ReadStillAwaitingAsync(slice.Items, cancellationToken));
            request = slice.Items.Count == 0 ? request : new PageRequest(page.Limit - versions.Count, SortKey(slice.Items[^1]));
        }
        while (versions.Count < page.Limit && slice.NextPageToken is not null);

        var byModel = new Dictionary<string, (ModelVersion? Production, int Required)>(StringComparer.Ordinal);
        var result = new List<PendingApproval>(versions.Count);
        foreach (var version in versions)
        {
            if (!byModel.TryGetValue(version.Model, out var model))
            {
                var policy = await policies.FindAsync(version.Model, cancellationToken) ?? ModelPolicy.Default;
                byModel[version.Model] = model = (await FindProductionVersionAsync(version.Model, cancellationToken), policy.Approval?.Required ?? 1);
            }

            var (uploadedBy, verified) = UploaderOf(version);
            result.Add(new PendingApproval(version, uploadedBy, verified, model.Required, ProductionComparer.Compare(version, model.Production)));
        }

        return new Catalog.CatalogPage<PendingApproval>(result, slice.NextPageToken);
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

    private static string SortKey(AwaitingEntry entry) =>
        PageRequest.Key(PageRequest.OldestFirst(entry.ApprovalDueAt), PageRequest.OldestFirst(entry.RegisteredAt), entry.Model, entry.Version);

    // The versions of these listings, read at once, that still await a decision in the listed round; a listing whose
    // version has left its round is forgotten.
    private async Task<IEnumerable<ModelVersion>> ReadStillAwaitingAsync(IReadOnlyList<AwaitingEntry> entries, CancellationToken cancellationToken)
    {
        var read = new ModelVersion?[entries.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelVersionReads, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                read[i] = await store.FindVersionAsync(entries[i].Model, entries[i].Version, ct);
                if (entries[i].IsStale(read[i]))
                {
                    await store.ForgetAwaitingAsync(entries[i], ct);
                }
            });
        return read.Where((version, i) => entries[i].StillAwaits(version)).Select(version => version!);
    }

    private async Task<ModelVersion?> FindProductionVersionAsync(string model, CancellationToken cancellationToken) =>
        await store.FindModelAsync(model, cancellationToken) is { Production: { } pointer }
            ? await store.FindVersionAsync(model, pointer.Version, cancellationToken)
            : null;
}
