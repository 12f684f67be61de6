using Pipeline.Core.Errors;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Retention;

/// <summary>
/// Purges archived versions the retention rules no longer keep. Resumable and safe to run twice at
/// once: the version row is marked purged (guarded by its ETag, with its history entry) before its
/// blob goes, a marker stays pending until the blob is gone, and the next run finishes whatever a
/// killed run left pending. Reads only what is archived, bounded per run.
/// </summary>
public sealed class ArchiveCleanup(
    IRegistryStore store,
    IArtifactStore artifacts,
    IRetentionPolicySource policies,
    RetentionDefaults defaults,
    TimeProvider clock,
    Diagnostics.FaultPoints? faults = null)
{
    /// <summary>Runs one cleanup over every model.</summary>
    public async Task<CleanupReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new CleanupReport { StartedAt = clock.GetUtcNow() };
        var budget = defaults.MaxPurgesPerRun;
        foreach (var model in await store.ListModelsAsync(cancellationToken))
        {
            report.ModelsExamined++;
            var markers = await store.ListArchiveMarkersAsync(model.Name, cancellationToken);
            report.ArchivedExamined += markers.Count;

            foreach (var pending in markers.Where(m => m.PurgePending))
            {
                if (await FinishAsync(pending, cancellationToken) is { } finished)
                {
                    report.Completed.Add(finished);
                }
            }

            var rules = defaults.For(await policies.GetRetentionAsync(model.Name, cancellationToken));
            var now = clock.GetUtcNow();
            foreach (var marker in RetentionPlanner.SelectForPurge(markers, rules, now))
            {
                if (budget <= 0)
                {
                    report.LeftForNextRun++;
                    continue;
                }

                var purged = await PurgeAsync(marker, rules, now, cancellationToken);
                if (purged is null)
                {
                    report.SkippedConcurrent++;
                    continue;
                }

                report.Purged.Add(purged);
                budget--;
            }
        }

        return report;
    }

    private async Task<PurgedVersion?> PurgeAsync(ArchiveMarker marker, EffectiveRetention rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var version = await store.FindVersionAsync(marker.Model, marker.Version, cancellationToken);

        // Re-check on the row itself: a rollback may have restored it, or restored and archived it
        // again (so it was in production recently), since the marker was read.
        if (version is null || version.State != VersionState.Archived || version.PurgedAt is not null
            || version.ArchivedAt is not { } archivedAt || RetentionPlanner.IsRecentlyInProduction(archivedAt, rules, now))
        {
            return null;
        }

        var reason = $"Retention: beyond the newest {rules.KeepArchived} archived versions and archived more than {rules.ArchivedDays} days ago ({archivedAt:u}).";
        var marked = version with { PurgedAt = now, PurgeReason = reason, PurgeMode = rules.Mode };
        var entry = HistoryEntry.ForStateChange(
            HistoryAction.Purged,
            version,
            VersionState.Archived,
            now,
            HistoryEntry.SystemActor,
            $"{reason} Artifact {(rules.Mode == Policies.PurgeMode.Delete ? "deleted" : "moved to the archive tier")}.");

        try
        {
            await store.SavePurgeDecisionAsync(marked, entry, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }

        faults?.Hit(Diagnostics.FaultPoint.AfterPurgeMark, version.Model);
        await PurgeCopyAsync(version, rules.Mode, cancellationToken);
        await store.CompletePurgeAsync(version.Model, version.Version, cancellationToken);
        return new PurgedVersion(version.Model, version.Version, rules.Mode, reason);
    }

    private async Task<PurgedVersion?> FinishAsync(ArchiveMarker pending, CancellationToken cancellationToken)
    {
        var version = await store.FindVersionAsync(pending.Model, pending.Version, cancellationToken);
        if (version?.PurgedAt is null)
        {
            return null;
        }

        var mode = version.PurgeMode ?? Policies.PurgeMode.Delete;
        await PurgeCopyAsync(version, mode, cancellationToken);
        await store.CompletePurgeAsync(version.Model, version.Version, cancellationToken);
        return new PurgedVersion(version.Model, version.Version, mode, version.PurgeReason ?? "Retention.");
    }

    // The vault is content-addressed: versions with the same bytes share one copy, which goes only
    // when no unpurged version of the model still holds it.
    private async Task PurgeCopyAsync(ModelVersion version, Policies.PurgeMode mode, CancellationToken cancellationToken)
    {
        if (version.VaultPath is not { } copy)
        {
            return;
        }

        var versions = await store.ListVersionsAsync(version.Model, cancellationToken);
        if (!versions.Any(v => v.Version != version.Version && v.VaultPath == copy && v.PurgedAt is null))
        {
            await artifacts.PurgeAsync(copy, mode, cancellationToken);
        }
    }
}
