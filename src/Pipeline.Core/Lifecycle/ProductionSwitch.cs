using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Serving;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// The changes of a model's production version: a promotion of an approved version and a rollback to
/// an archived one. Both re-verify the incoming artifact and end in the same atomic switch of the
/// pointer, the incoming and the outgoing version; repeating a finished promotion changes nothing.
/// </summary>
public sealed class ProductionSwitch
{
    private readonly IRegistryStore store;
    private readonly IArtifactStore artifacts;
    private readonly TimeProvider clock;
    private readonly GuardedWrites writes;
    private readonly ProductionCache served;

    /// <summary>Creates the switch over the registry and the artifacts it verifies.</summary>
    /// <param name="store">The registry.</param>
    /// <param name="artifacts">The artifacts it re-verifies.</param>
    /// <param name="clock">The time of the switch.</param>
    /// <param name="productionCache">This node's serving cache, told of every switch so that the node serves its own change at once.</param>
    public ProductionSwitch(IRegistryStore store, IArtifactStore artifacts, TimeProvider clock, ProductionCache? productionCache = null)
    {
        this.store = store;
        this.artifacts = artifacts;
        this.clock = clock;
        writes = new GuardedWrites(store, clock);
        served = productionCache ?? ProductionCache.Disabled;
    }

    /// <summary>
    /// Promotes a version approved in round <paramref name="attempt"/>, by the approvals on record for that
    /// round: re-verifies its artifact, then in one atomic write makes it production, archives the version it
    /// replaces and records both. A changed artifact is refused and the version goes back to TestsFailed; the
    /// returned version says which happened.
    /// </summary>
    /// <exception cref="NoRecordedDecisionException">The round has no recorded approval that settled it; nothing changes.</exception>
    public async Task<ModelVersion> PromoteAsync(ModelVersionKey key, int attempt, CancellationToken cancellationToken)
    {
        var candidate = await writes.RequireVersionAsync(key, cancellationToken);
        if (IsPromotionDone(candidate, attempt) || candidate.Attempt != attempt)
        {
            return candidate;
        }

        if (candidate.State != VersionState.AwaitingApproval)
        {
            throw new IllegalTransitionException(candidate.State, VersionState.Production);
        }

        // Only a tested, approved version becomes production: the approval is the one on record, not one passed in.
        if (candidate.SettledDecision is not { Approved: true } approval)
        {
            throw new NoRecordedDecisionException(key.Model, key.Version, attempt, approval: true);
        }

        var approvers = string.Join(", ", candidate.CurrentApprovals.Select(a => a.Actor));

        var refusal = await VerifyArtifactAsync(candidate, cancellationToken);
        if (refusal is not null)
        {
            return await writes.TransitionAsync(key, current => current.Attempt != attempt || current.State != VersionState.AwaitingApproval
                ? null
                : writes.Change(current, VersionState.TestsFailed, HistoryAction.PromotionRefused, approvers, refusal, current.OrchestrationId), cancellationToken);
        }

        return await SwitchProductionAsync(
            key,
            current => IsPromotionDone(current, attempt) ? current : null,
            (current, _) =>
            {
                if (current.State != VersionState.AwaitingApproval)
                {
                    throw new IllegalTransitionException(current.State, VersionState.Production);
                }
            },
            new SwitchReason(HistoryAction.Promoted, approvers, approval.Comment, candidate.OrchestrationId),
            cancellationToken);
    }

    /// <summary>
    /// Rolls a model back to an archived version, without approval (the emergency path): re-verifies
    /// that version's artifact, then in one atomic write makes it production and archives the current one.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="toVersion">The version to restore; null for the most recently archived, unpurged one.</param>
    /// <param name="expectedCurrent">The production version the caller means to replace, or null not to check.</param>
    /// <param name="actor">Who asked.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    /// <exception cref="RollbackRefusedException">The version cannot be restored (never in production, purged, changed, already serving).</exception>
    /// <remarks>
    /// With <paramref name="expectedCurrent"/>, the switch happens only while that version is the one in
    /// production, checked in the same guarded write: a rollback sent twice restores once, and one sent
    /// after someone else changed production is refused instead of undoing their change.
    /// </remarks>
    public async Task<ModelVersion> RollbackAsync(
        string model, string? toVersion, string? expectedCurrent, string actor, string? reason, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        var registered = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        EnsureCurrent(registered, toVersion, expectedCurrent);
        ModelVersion target;
        if (toVersion is null)
        {
            var markers = await store.ListArchiveMarkersAsync(model, cancellationToken);
            var latest = markers.Where(m => !m.PurgePending).MaxBy(m => m.ArchivedAt)
                ?? throw new RollbackRefusedException(model, null, "it has no archived, unpurged version to roll back to");
            target = await writes.RequireVersionAsync(ModelVersionKey.Create(model, latest.Version), cancellationToken);
        }
        else
        {
            target = await writes.RequireVersionAsync(ModelVersionKey.Create(model, toVersion), cancellationToken);
        }

        var key = ModelVersionKey.Create(target.Model, target.Version);
        EnsureRestorable(target);
        var refusal = await VerifyArtifactAsync(target, cancellationToken);
        if (refusal is not null)
        {
            throw new RollbackRefusedException(model, target.Version, refusal);
        }

        return await SwitchProductionAsync(
            key,
            _ => null,
            (incoming, current) =>
            {
                EnsureCurrent(current, incoming.Version, expectedCurrent);
                EnsureRestorable(incoming);
            },
            new SwitchReason(HistoryAction.RolledBack, actor, reason ?? "Rollback.", null),
            cancellationToken);
    }

    private static void EnsureCurrent(RegisteredModel model, string? toVersion, string? expectedCurrent)
    {
        if (expectedCurrent is not null && model.Production?.Version != expectedCurrent)
        {
            throw new RollbackRefusedException(
                model.Name,
                toVersion,
                $"production is {(model.Production is { } now ? $"version '{now.Version}'" : "empty")}, not '{expectedCurrent}' as the request expected; it changed since");
        }
    }

    private static void EnsureRestorable(ModelVersion version)
    {
        var refusal = version switch
        {
            { State: VersionState.Production } => "it is already in production",
            { PurgedAt: not null } => $"it was purged on {version.PurgedAt:u}: {version.PurgeReason}",
            { State: not VersionState.Archived } => $"it was never in production (it is {VersionStates.Describe(version.State)})",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new RollbackRefusedException(version.Model, version.Version, refusal);
        }
    }

    // The one way a model's production version changes: read the pointer, the incoming and the
    // outgoing version, and write all three with their history in one guarded transaction; a lost
    // race reads again. done() returns the result when an earlier attempt already made the change.
    private Task<ModelVersion> SwitchProductionAsync(
        ModelVersionKey key,
        Func<ModelVersion, ModelVersion?> done,
        Action<ModelVersion, RegisteredModel> ensure,
        SwitchReason why,
        CancellationToken cancellationToken) =>
        GuardedWrites.RetryAsync<ModelVersion>(async round =>
        {
            var incoming = await writes.RequireVersionAsync(key, cancellationToken);
            if (done(incoming) is { } finished)
            {
                return finished;
            }

            var model = await store.FindModelAsync(key.Model, cancellationToken)
                ?? throw new ModelNotFoundException(key.Model);
            ensure(incoming, model);
            var previous = model.Production is { } pointer
                ? await store.FindVersionAsync(key.Model, pointer.Version, cancellationToken)
                : null;

            // The reads are not one snapshot: a rival promotion may have moved the pointer in between.
            // The guarded write would fail anyway; read again instead of building a change from a torn view.
            var torn = model.Production is not null && previous?.State != VersionState.Production;
            if (torn && round < GuardedWrites.MaxAttempts)
            {
                return null;
            }

            var change = BuildSwitch(model, incoming, previous, why);
            // Also when the write fails: a timed-out write may have landed.
            using (served.BeginChange(key.Model))
            {
                await store.SavePromotionAsync(change, cancellationToken);
            }

            return change.Promoted;
        }, cancellationToken);

    private PromotionChange BuildSwitch(RegisteredModel model, ModelVersion incoming, ModelVersion? previous, SwitchReason why)
    {
        var now = clock.GetUtcNow();
        LifecycleTransitions.Ensure(incoming.State, VersionState.Production);
        var promoted = incoming with { State = VersionState.Production, PromotedAt = now, UpdatedAt = now, StateReason = null };
        var entries = new List<HistoryEntry>
        {
            HistoryEntry.ForStateChange(why.Action, incoming, VersionState.Production, now, why.Actor, why.Reason, why.OrchestrationId),
        };

        ModelVersion? archived = null;
        if (previous is not null && previous.Version != incoming.Version)
        {
            LifecycleTransitions.Ensure(previous.State, VersionState.Archived);
            var replaced = why.Action == HistoryAction.RolledBack
                ? $"Replaced by a rollback to version '{incoming.Version}'."
                : $"Replaced by version '{incoming.Version}'.";
            archived = previous with { State = VersionState.Archived, ArchivedAt = now, UpdatedAt = now, StateReason = replaced };
            entries.Add(HistoryEntry.ForStateChange(HistoryAction.Archived, previous, VersionState.Archived, now, why.Actor, replaced, why.OrchestrationId));
        }

        var pointer = new ProductionPointer(incoming.Version, incoming.VaultPath!, incoming.Sha256!, now, incoming.Number);
        return new PromotionChange(model with { Production = pointer }, promoted, archived, entries)
        {
            RestoredFromArchive = incoming.State == VersionState.Archived,
        };
    }

    private static bool IsPromotionDone(ModelVersion version, int attempt) =>
        version.PromotedAt is not null && version.Attempt == attempt
        && version.State is VersionState.Production or VersionState.Archived;

    private async Task<string?> VerifyArtifactAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        if (version.Sha256 is null || version.VaultPath is null)
        {
            return "The artifact has no recorded hash; it was never tested.";
        }

        string sha256;
        try
        {
            await using var content = await artifacts.OpenReadAsync(version.VaultPath, cancellationToken);
            if (content is null)
            {
                return $"The tested copy of the artifact ('{version.VaultPath}') no longer exists.";
            }

            sha256 = await ArtifactHasher.ComputeSha256Async(content, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Deleted while being read (a purge): it cannot be trusted.
            return $"The tested copy of the artifact ('{version.VaultPath}') could not be read to verify it: {e.Message}";
        }

        return sha256 == version.Sha256
            ? null
            : $"The artifact changed after it was tested (SHA-256 {sha256}, tested {version.Sha256}); upload it as a new version.";
    }

    private sealed record SwitchReason(HistoryAction Action, string Actor, string? Reason, string? OrchestrationId);
}
