using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;
using Pipeline.Core.Serving;

namespace Pipeline.Core.Registry;

/// <summary>The read side of the registry, for the HTTP API and the approval checks.</summary>
/// <param name="store">The registry.</param>
/// <param name="productionCache">The node's memory of production pointers for the serving lookup; none keeps nothing.</param>
public sealed class ModelQueries(IRegistryStore store, ProductionCache? productionCache = null)
{
    private readonly ProductionCache production = productionCache ?? ProductionCache.Disabled;

    /// <summary>One page of models by name, from the models index (one query, whatever the registry holds).</summary>
    public async Task<Catalog.CatalogPage<ModelSummary>> ListModelsAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var rows = await store.ListModelsAsync(page.After, page.Limit, cancellationToken);
        return new Catalog.CatalogPage<ModelSummary>(rows.Items, PageRequest.TokenAfter(rows.After));
    }

    /// <summary>
    /// A model and one page of its versions, newest first (by registration, then label). The model's versions are
    /// read from its own partition, so the cost follows that model's size, never the registry's.
    /// </summary>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    public async Task<(ModelDetails Details, string? NextPageToken)> GetModelAsync(string model, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ModelVersionKey.ValidateModel(model);
        var found = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        var versions = page.Slice(await store.ListVersionsAsync(model, cancellationToken), v => PageRequest.Key(PageRequest.NewestFirst(v.RegisteredAt), v.Version));
        return (new ModelDetails(found, versions.Items), versions.NextPageToken);
    }

    /// <summary>One page of a model's audit trail, newest first.</summary>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    public async Task<Catalog.CatalogPage<HistoryEntry>> GetHistoryAsync(string model, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        ModelVersionKey.ValidateModel(model);
        _ = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        var rows = await store.ListHistoryAsync(model, page.After, page.Limit, cancellationToken);
        return new Catalog.CatalogPage<HistoryEntry>(rows.Items, PageRequest.TokenAfter(rows.After));
    }

    /// <summary>One version.</summary>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    public async Task<ModelVersion> GetVersionAsync(ModelVersionKey key, CancellationToken cancellationToken) =>
        await store.FindVersionAsync(key.Model, key.Version, cancellationToken)
        ?? throw new VersionNotFoundException(key.Model, key.Version);

    /// <summary>
    /// What to serve now: the model's production pointer, from the node's <see cref="ProductionCache"/> when it holds an
    /// answer within its staleness bound (and <paramref name="maxAge"/>), else one point read of the model's row.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="maxAge">The oldest answer the caller accepts; zero reads storage, null accepts the node's bound.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The answer, which may say the model has no production version or does not exist (<see cref="ServedProduction.Require"/>).</returns>
    public Task<ServedProduction> GetProductionAsync(string model, TimeSpan? maxAge, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        return production.GetAsync(model, maxAge, ct => store.FindModelAsync(model, ct), cancellationToken);
    }

    /// <summary>
    /// Which version was in production at <paramref name="at"/>, from the history: the newest entry
    /// at or before that instant that made a version production (a promotion or a rollback).
    /// </summary>
    /// <returns>The version and when it became production.</returns>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    /// <exception cref="NoProductionVersionException">Nothing was in production then.</exception>
    public async Task<(ModelVersion Version, DateTimeOffset Since)> GetProductionAtAsync(string model, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        _ = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        HistoryEntry? entry = null;
        await foreach (var candidate in store.ReadHistoryAtOrBeforeAsync(model, at, cancellationToken))
        {
            if (candidate is { To: VersionState.Production, Version: not null })
            {
                entry = candidate;
                break;
            }
        }

        if (entry is null)
        {
            throw new NoProductionVersionException(model, at);
        }

        var version = await store.FindVersionAsync(model, entry.Version!, cancellationToken)
            ?? throw new VersionNotFoundException(model, entry.Version!);
        return (version, entry.At);
    }


    /// <summary>Reads a version and checks that <paramref name="action"/> is allowed in its state.</summary>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    /// <exception cref="VersionStateConflictException">Its state does not allow the action.</exception>
    public async Task<ModelVersion> GetForActionAsync(ModelVersionKey key, VersionAction action, CancellationToken cancellationToken)
    {
        var version = await GetVersionAsync(key, cancellationToken);
        VersionActions.Ensure(action, key.Model, key.Version, version.State);
        return version;
    }
}
