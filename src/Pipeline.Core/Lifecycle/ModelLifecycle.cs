using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;
using Pipeline.Core.Staging;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// Every change of a version's state. Each method reads, decides with the lifecycle rules and
/// writes conditionally; a lost race re-reads and decides again, and a change already made is
/// success, so that retried activities and repeated requests change nothing twice.
/// </summary>
public sealed class ModelLifecycle(IRegistryStore store, IArtifactStore artifacts, TimeProvider clock)
{
    /// <summary>The actor recorded for changes the pipeline makes on its own.</summary>
    public const string SystemActor = "system";

    private const int MaxWriteAttempts = 25;

    /// <summary>Registers an upload as a new version, or says why it did not.</summary>
    public async Task<Registration> RegisterAsync(ArtifactPath path, CancellationToken cancellationToken)
    {
        var properties = await artifacts.GetPropertiesAsync(path.BlobName, cancellationToken);
        if (properties is null)
        {
            return new Registration(RegistrationOutcome.ArtifactMissing, null);
        }

        var now = clock.GetUtcNow();
        var version = new ModelVersion
        {
            Model = path.Key.Model,
            Version = path.Key.Version,
            State = VersionState.Registered,
            ArtifactPath = path.BlobName,
            SizeBytes = properties.SizeBytes,
            BlobETag = properties.ETag,
            Metadata = properties.Metadata,
            RegisteredAt = now,
            UpdatedAt = now,
        };
        var entry = HistoryEntry.ForRegistration(
            version,
            properties.Metadata.TryGetValue("uploadedby", out var uploader) ? uploader : SystemActor,
            $"Uploaded as '{path.BlobName}' ({properties.SizeBytes} bytes).");

        if (await store.TryAddVersionAsync(version, entry, cancellationToken))
        {
            return new Registration(RegistrationOutcome.Registered, version);
        }

        var existing = await store.FindVersionAsync(version.Model, version.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Version {path.Key} was reported as existing but cannot be read.");
        var outcome = existing.ArtifactPath != path.BlobName ? RegistrationOutcome.OtherArtifactInVersion
            : existing.BlobETag != properties.ETag ? RegistrationOutcome.ArtifactOverwritten
            : RegistrationOutcome.AlreadyRegistered;
        return new Registration(outcome, existing);
    }

    /// <summary>
    /// Moves a version into testing for round <paramref name="attempt"/>.
    /// Returns false when that round is stale (the version moved on without it).
    /// </summary>
    public async Task<bool> BeginTestsAsync(ModelVersionKey key, int attempt, string orchestrationId, CancellationToken cancellationToken)
    {
        var result = await TransitionAsync(key, current =>
        {
            var startable = current.State is VersionState.Registered or VersionState.TestsFailed or VersionState.ApprovalExpired;
            if (current.Attempt != attempt - 1 || !startable)
            {
                return null;
            }

            return Change(current, VersionState.Testing, HistoryAction.TestsStarted, SystemActor, $"Staging tests, round {attempt}.", orchestrationId) with
            {
                Updated = current with
                {
                    State = VersionState.Testing,
                    Attempt = attempt,
                    OrchestrationId = orchestrationId,
                    StateReason = null,
                    UpdatedAt = clock.GetUtcNow(),
                },
            };
        }, cancellationToken);
        return result.Attempt == attempt && result.OrchestrationId == orchestrationId;
    }

    /// <summary>Records the staging report of round <paramref name="attempt"/>: AwaitingApproval when it passed, TestsFailed otherwise.</summary>
    public Task<ModelVersion> RecordTestResultsAsync(
        ModelVersionKey key, int attempt, StagingReport report, CancellationToken cancellationToken) =>
        TransitionAsync(key, current =>
        {
            if (current.Attempt != attempt || current.State != VersionState.Testing)
            {
                return null;
            }

            var target = report.Passed ? VersionState.AwaitingApproval : VersionState.TestsFailed;
            var reason = report.FailureSummary;
            var change = Change(current, target, report.Passed ? HistoryAction.TestsPassed : HistoryAction.TestsFailed, SystemActor,
                reason ?? "All staging checks passed.", current.OrchestrationId);
            return change with
            {
                Updated = change.Updated with
                {
                    TestResults = report.Checks,
                    Sha256 = report.Fingerprint?.Sha256 ?? current.Sha256,
                    StateReason = reason,
                },
            };
        }, cancellationToken);

    /// <summary>Rejects a version awaiting approval in round <paramref name="attempt"/>.</summary>
    public Task<ModelVersion> RejectAsync(ModelVersionKey key, int attempt, PromotionDecision decision, CancellationToken cancellationToken) =>
        TransitionAsync(key, current => current.Attempt != attempt || current.State == VersionState.Rejected
            ? null
            : Change(current, VersionState.Rejected, HistoryAction.Rejected, decision.Actor, decision.Comment, current.OrchestrationId), cancellationToken);

    /// <summary>Marks the approval wait of round <paramref name="attempt"/> as expired.</summary>
    public Task<ModelVersion> ExpireApprovalAsync(ModelVersionKey key, int attempt, CancellationToken cancellationToken) =>
        TransitionAsync(key, current => current.Attempt != attempt || current.State == VersionState.ApprovalExpired
            ? null
            : Change(current, VersionState.ApprovalExpired, HistoryAction.ApprovalExpired, SystemActor,
                "Nobody approved or rejected it before the approval deadline; retest to wait again.", current.OrchestrationId), cancellationToken);

    /// <summary>
    /// Promotes an approved version: re-verifies its artifact, then in one atomic write makes it
    /// production, archives the version it replaces and records both. A changed artifact is refused
    /// and the version goes back to TestsFailed; the returned version says which happened.
    /// </summary>
    public async Task<ModelVersion> PromoteAsync(
        ModelVersionKey key, int attempt, PromotionDecision decision, CancellationToken cancellationToken)
    {
        var candidate = await RequireVersionAsync(key, cancellationToken);
        if (IsPromotionDone(candidate, attempt) || candidate.Attempt != attempt)
        {
            return candidate;
        }

        if (candidate.State != VersionState.AwaitingApproval)
        {
            throw new IllegalTransitionException(candidate.State, VersionState.Production);
        }

        var refusal = await VerifyArtifactAsync(candidate, cancellationToken);
        if (refusal is not null)
        {
            return await TransitionAsync(key, current => current.Attempt != attempt || current.State != VersionState.AwaitingApproval
                ? null
                : Change(current, VersionState.TestsFailed, HistoryAction.PromotionRefused, decision.Actor, refusal, current.OrchestrationId) with
                {
                    Updated = current with { State = VersionState.TestsFailed, StateReason = refusal, UpdatedAt = clock.GetUtcNow() },
                }, cancellationToken);
        }

        return await SwitchProductionAsync(
            key,
            current => IsPromotionDone(current, attempt) ? current : null,
            current =>
            {
                if (current.State != VersionState.AwaitingApproval)
                {
                    throw new IllegalTransitionException(current.State, VersionState.Production);
                }
            },
            new SwitchReason(HistoryAction.Promoted, decision.Actor, decision.Comment, candidate.OrchestrationId),
            cancellationToken);
    }

    /// <summary>
    /// Rolls a model back to an archived version, without approval (the emergency path): re-verifies
    /// that version's artifact, then in one atomic write makes it production and archives the current one.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="toVersion">The version to restore; null for the most recently archived, unpurged one.</param>
    /// <param name="actor">Who asked.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ModelNotFoundException">No such model.</exception>
    /// <exception cref="VersionNotFoundException">No such version.</exception>
    /// <exception cref="RollbackRefusedException">The version cannot be restored (never in production, purged, changed, already serving).</exception>
    public async Task<ModelVersion> RollbackAsync(string model, string? toVersion, string actor, string? reason, CancellationToken cancellationToken)
    {
        ModelVersionKey.ValidateModel(model);
        _ = await store.FindModelAsync(model, cancellationToken) ?? throw new ModelNotFoundException(model);
        ModelVersion target;
        if (toVersion is null)
        {
            var markers = await store.ListArchiveMarkersAsync(model, cancellationToken);
            var latest = markers.Where(m => !m.PurgePending).MaxBy(m => m.ArchivedAt)
                ?? throw new RollbackRefusedException(model, null, "it has no archived, unpurged version to roll back to");
            target = await RequireVersionAsync(ModelVersionKey.Create(model, latest.Version), cancellationToken);
        }
        else
        {
            target = await RequireVersionAsync(ModelVersionKey.Create(model, toVersion), cancellationToken);
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
            EnsureRestorable,
            new SwitchReason(HistoryAction.RolledBack, actor, reason ?? "Rollback.", null),
            cancellationToken);
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
    private async Task<ModelVersion> SwitchProductionAsync(
        ModelVersionKey key,
        Func<ModelVersion, ModelVersion?> done,
        Action<ModelVersion> ensureIncoming,
        SwitchReason why,
        CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            var incoming = await RequireVersionAsync(key, cancellationToken);
            if (done(incoming) is { } finished)
            {
                return finished;
            }

            ensureIncoming(incoming);
            var model = await store.FindModelAsync(key.Model, cancellationToken)
                ?? throw new ModelNotFoundException(key.Model);
            var previous = model.Production is { } pointer
                ? await store.FindVersionAsync(key.Model, pointer.Version, cancellationToken)
                : null;

            // The reads are not one snapshot: a rival promotion may have moved the pointer in between.
            // The guarded write would fail anyway; read again instead of building a change from a torn view.
            var torn = model.Production is not null && previous?.State != VersionState.Production;
            if (torn && round < MaxWriteAttempts)
            {
                await BackOffAsync(round, cancellationToken);
                continue;
            }

            var change = BuildSwitch(model, incoming, previous, why);
            try
            {
                await store.SavePromotionAsync(change, cancellationToken);
                return change.Promoted;
            }
            catch (ConcurrencyConflictException) when (round < MaxWriteAttempts)
            {
                await BackOffAsync(round, cancellationToken);
            }
        }
    }

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

        var pointer = new ProductionPointer(incoming.Version, incoming.ArtifactPath, incoming.Sha256!, now);
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
        if (version.Sha256 is null)
        {
            return "The artifact has no recorded hash; it was never tested.";
        }

        ArtifactFingerprint fingerprint;
        try
        {
            await using var content = await artifacts.OpenReadAsync(version.ArtifactPath, cancellationToken);
            if (content is null)
            {
                return $"The artifact '{version.ArtifactPath}' no longer exists.";
            }

            fingerprint = await ArtifactHasher.ComputeAsync(content, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Deleted or overwritten while being read (a purge, a re-upload): it cannot be trusted.
            return $"The artifact '{version.ArtifactPath}' could not be read to verify it: {e.Message}";
        }

        return fingerprint.Sha256 == version.Sha256
            ? null
            : $"The artifact changed after it was tested (SHA-256 {fingerprint.Sha256}, tested {version.Sha256}); upload it as a new version.";
    }

    private async Task<ModelVersion> RequireVersionAsync(ModelVersionKey key, CancellationToken cancellationToken) =>
        await store.FindVersionAsync(key.Model, key.Version, cancellationToken)
        ?? throw new VersionNotFoundException(key.Model, key.Version);

    private StateChange Change(ModelVersion current, VersionState target, HistoryAction action, string actor, string? reason, string? orchestrationId)
    {
        var now = clock.GetUtcNow();
        return new StateChange(
            current with { State = target, UpdatedAt = now, StateReason = reason },
            HistoryEntry.ForStateChange(action, current, target, now, actor, reason, orchestrationId));
    }

    private async Task<ModelVersion> TransitionAsync(
        ModelVersionKey key, Func<ModelVersion, StateChange?> decide, CancellationToken cancellationToken)
    {
        for (var round = 1; ; round++)
        {
            var current = await RequireVersionAsync(key, cancellationToken);
            var change = decide(current);
            if (change is null)
            {
                return current;
            }

            LifecycleTransitions.Ensure(current.State, change.Updated.State);
            try
            {
                await store.SaveTransitionAsync(change.Updated, change.Entry, cancellationToken);
                return change.Updated;
            }
            catch (ConcurrencyConflictException) when (round < MaxWriteAttempts)
            {
                await BackOffAsync(round, cancellationToken);
            }
        }
    }

    // Jittered so that racing writers spread out; real time, as the clock may be a test's frozen one.
    private static Task BackOffAsync(int round, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(round, 10))), cancellationToken);

    private sealed record StateChange(ModelVersion Updated, HistoryEntry Entry);

    private sealed record SwitchReason(HistoryAction Action, string Actor, string? Reason, string? OrchestrationId);
}
