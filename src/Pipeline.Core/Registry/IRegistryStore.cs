namespace Pipeline.Core.Registry;

/// <summary>
/// The registry's state of record. Every write is conditional on the concurrency token of the
/// records it replaces and fails with <see cref="Errors.ConcurrencyConflictException"/> when another
/// writer got there first; the lifecycle re-reads and decides again.
/// </summary>
public interface IRegistryStore
{
    /// <summary>
    /// Adds a new version with its history entry, creating the model if needed, and gives it the model's next
    /// <see cref="ModelVersion.Number"/> in the same atomic write.
    /// </summary>
    /// <param name="version">The version to add.</param>
    /// <param name="entry">Its history entry.</param>
    /// <param name="model">
    /// The model's row as the caller read it just before (null when it found none). The write is guarded by it: if the
    /// row changed since, or was created since, the store reads it again and retries.
    /// </param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The version as added, with its number; null when the version already exists (nothing is written then).</returns>
    Task<ModelVersion?> TryAddVersionAsync(ModelVersion version, HistoryEntry entry, RegisteredModel? model, CancellationToken cancellationToken);

    /// <summary>Adds a model that has no versions yet.</summary>
    /// <returns>False when the model exists already; nothing is written then.</returns>
    Task<bool> TryAddModelAsync(RegisteredModel model, CancellationToken cancellationToken);

    /// <summary>Replaces a model's own fields (description, tags, aliases), guarded by its token.</summary>
    /// <returns>The model as saved, with its new token.</returns>
    Task<RegisteredModel> SaveModelAsync(RegisteredModel model, CancellationToken cancellationToken);

    /// <summary>Replaces a version's owner-kept fields (description, tags), guarded by its token; its state is not changed here.</summary>
    /// <returns>The version as saved, with its new token.</returns>
    Task<ModelVersion> SaveVersionAsync(ModelVersion version, CancellationToken cancellationToken);

    /// <summary>Reads one version, or null.</summary>
    Task<ModelVersion?> FindVersionAsync(string model, string version, CancellationToken cancellationToken);

    /// <summary>Reads the version with <paramref name="number"/> in its model, or null.</summary>
    Task<ModelVersion?> FindVersionByNumberAsync(string model, int number, CancellationToken cancellationToken);

    /// <summary>Reads one model with its production pointer (one point read), or null.</summary>
    Task<RegisteredModel?> FindModelAsync(string model, CancellationToken cancellationToken);

    /// <summary>
    /// Lists every model: the models index page by page, then each model's own row (point reads). Where the index's
    /// mirror of a production pointer differs from the model row's, the mirror is put right.
    /// </summary>
    Task<IReadOnlyList<RegisteredModel>> ListModelsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One page of models by name (ordinal): one range query of the models index, never a read of the registry's model,
    /// version or history rows. <paramref name="after"/> is the <see cref="RowPage{T}.After"/> of the previous page, or null.
    /// </summary>
    Task<RowPage<ModelSummary>> ListModelsAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Every version the awaiting index lists as waiting for a decision, across models, in no particular order: one query
    /// of the index, never a scan of the registry. A version that has moved on may still be listed (its removal from the
    /// index failed): read each to be sure, and <see cref="ForgetAwaitingAsync"/> those <see cref="AwaitingEntry.IsStale"/> says left.
    /// </summary>
    Task<IReadOnlyList<AwaitingEntry>> ListAwaitingApprovalAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Lists <paramref name="version"/>, which awaits a decision, in the awaiting index, again: for a write of its outcome
    /// that committed while its listing failed (the retried activity finds the outcome recorded). A listed version is unchanged.
    /// </summary>
    Task IndexAwaitingAsync(ModelVersion version, CancellationToken cancellationToken);

    /// <summary>Removes <paramref name="entry"/> from the awaiting index (nothing when it is not there).</summary>
    Task ForgetAwaitingAsync(AwaitingEntry entry, CancellationToken cancellationToken);

    /// <summary>Lists a model's versions.</summary>
    Task<IReadOnlyList<ModelVersion>> ListVersionsAsync(string model, CancellationToken cancellationToken);

    /// <summary>Lists a model's history, newest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> ListHistoryAsync(string model, int maxEntries, CancellationToken cancellationToken);

    /// <summary>One page of a model's history, newest first, after <paramref name="after"/> (a previous page's <see cref="RowPage{T}.After"/>).</summary>
    Task<RowPage<HistoryEntry>> ListHistoryAsync(string model, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Reads a model's history at or before <paramref name="at"/>, newest first, page by page as it is enumerated.</summary>
    IAsyncEnumerable<HistoryEntry> ReadHistoryAtOrBeforeAsync(string model, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Appends an entry that changes no record (a refused request worth remembering).</summary>
    Task AppendHistoryAsync(HistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a version (guarded by its token) and appends the entry, atomically. A change to
    /// <see cref="Lifecycle.VersionState.AwaitingApproval"/> lists the version in the awaiting index as it is written (the
    /// write fails when either fails); a change from it removes the listing afterwards. Returns the version as written,
    /// with the token the write gave it (none when the store's answer did not say).
    /// </summary>
    Task<ModelVersion> SaveTransitionAsync(ModelVersion updated, HistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a promotion atomically: pointer, promoted version, archived version and their entries,
    /// adding the archived version's <see cref="ArchiveMarker"/> and removing the restored one's.
    /// </summary>
    Task SavePromotionAsync(PromotionChange change, CancellationToken cancellationToken);

    /// <summary>The model's archive markers.</summary>
    Task<IReadOnlyList<ArchiveMarker>> ListArchiveMarkersAsync(string model, CancellationToken cancellationToken);

    /// <summary>Records a purge decision atomically: the version marked purged (guarded), its marker set pending, the entry appended.</summary>
    Task SavePurgeDecisionAsync(ModelVersion purged, HistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the marker of a version whose purge is complete; a missing marker is success.</summary>
    Task CompletePurgeAsync(string model, string version, CancellationToken cancellationToken);
}

/// <summary>Everything a promotion writes, in one atomic unit.</summary>
/// <param name="Model">The model with its new production pointer (token of the read it replaces).</param>
/// <param name="Promoted">The version becoming production (token of its read).</param>
/// <param name="Archived">The version it replaces, now archived (token of its read), if any.</param>
/// <param name="Entries">The history entries for both.</param>
public sealed record PromotionChange(
    RegisteredModel Model,
    ModelVersion Promoted,
    ModelVersion? Archived,
    IReadOnlyList<HistoryEntry> Entries)
{
    /// <summary>True when the promoted version comes back from the archive (a rollback).</summary>
    public bool RestoredFromArchive { get; init; }
}

/// <summary>
/// An index entry for one archived, not yet fully purged version, kept in the model's partition
/// so cleanup reads only what is archived, never every version ever registered.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The archived version.</param>
/// <param name="ArchivedAt">When it left production (the last time it was in production).</param>
/// <param name="PurgePending">True once a purge is decided and recorded but its blobs may not be gone yet.</param>
public sealed record ArchiveMarker(string Model, string Version, DateTimeOffset ArchivedAt, bool PurgePending);
