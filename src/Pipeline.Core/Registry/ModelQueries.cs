using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Naming;

namespace Pipeline.Core.Registry;

/// <summary>The read side of the registry, for the HTTP API and the approval checks.</summary>
public sealed class ModelQueries(IRegistryStore store)
{
    /// <summary>The largest history page served.</summary>
    public const int MaxHistoryEntries = 1000;

    /// <summary>Every model with its production pointer.</summary>
    public Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken) =>
        store.ListModelsAsync(cancellationToken);

    /// <summary>A model and all its versions.</summary>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    public async Task<ModelDetails> GetModelAsync(string model, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        var found = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        var versions = await store.ListVersionsAsync(model, cancellationToken);
        return new ModelDetails(found, versions.OrderByDescending(v => v.RegisteredAt).ToList());
    }

    /// <summary>One version.</summary>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    public async Task<ModelVersion> GetVersionAsync(ModelVersionKey key, CancellationToken cancellationToken) =>
        await store.FindVersionAsync(key.Model, key.Version, cancellationToken)
        ?? throw new VersionNotFoundException(key.Model, key.Version);

    /// <summary>What to serve now: one point read of the model's production pointer.</summary>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    /// <exception cref="NoProductionVersionException">The model has no production version.</exception>
    public async Task<ProductionPointer> GetProductionAsync(string model, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        var found = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        return found.Production ?? throw new NoProductionVersionException(model);
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

    /// <summary>A model's audit trail, newest first.</summary>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    public async Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string model, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        _ = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        return await store.ListHistoryAsync(model, MaxHistoryEntries, cancellationToken);
    }

    /// <summary>
    /// Every version awaiting a decision, across models, in no particular order. Lists every model and then its
    /// versions, which is fine for hundreds of models; the one query to back with an index when that stops being so.
    /// </summary>
    public async Task<IReadOnlyList<ModelVersion>> ListAwaitingApprovalAsync(CancellationToken cancellationToken)
    {
        var pending = new List<ModelVersion>();
        foreach (var model in await store.ListModelsAsync(cancellationToken))
        {
            pending.AddRange((await store.ListVersionsAsync(model.Name, cancellationToken)).Where(v => v.State == VersionState.AwaitingApproval));
        }

        return pending;
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
