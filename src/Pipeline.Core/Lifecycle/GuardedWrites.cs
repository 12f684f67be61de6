using Pipeline.Core.Errors;
using Pipeline.Core.Naming;
using Pipeline.Core.Registry;

namespace Pipeline.Core.Lifecycle;

/// <summary>
/// How every change of a version's state is written: read, decide with the lifecycle rules, write
/// conditionally on the read; a lost race reads and decides again, and a decision that there is
/// nothing to do is success, so retried activities and repeated requests change nothing twice. What it writes is kept
/// in <paramref name="recent"/>, when given, for the round's next step (<see cref="RecentVersions"/>).
/// </summary>
internal sealed class GuardedWrites(IRegistryStore store, TimeProvider clock, RecentVersions? recent = null)
{
    /// <summary>The rounds before a conflict is given up and thrown.</summary>
    public const int MaxAttempts = 25;

    /// <summary>
    /// Runs <paramref name="attempt"/> (given its round, from 1) until it returns a result. A lost race
    /// (<see cref="ConcurrencyConflictException"/>) and a null result (reads that were not a consistent
    /// view) pause and run it again; the conflict of round <see cref="MaxAttempts"/> is thrown.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<int, Task<T?>> attempt, CancellationToken cancellationToken)
        where T : class
    {
        for (var round = 1; ; round++)
        {
            try
            {
                if (await attempt(round) is { } result)
                {
                    return result;
                }
            }
            catch (ConcurrencyConflictException) when (round < MaxAttempts)
            {
            }

            // Jittered so that racing writers spread out; real time, as the clock may be a test's frozen one.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(round, 10))), cancellationToken);
        }
    }

    /// <summary>The version, or <see cref="VersionNotFoundException"/>.</summary>
    public async Task<ModelVersion> RequireVersionAsync(ModelVersionKey key, CancellationToken cancellationToken) =>
        await store.FindVersionAsync(key.Model, key.Version, cancellationToken)
        ?? throw new VersionNotFoundException(key.Model, key.Version);

    /// <summary>
    /// Changes one version: <paramref name="decide"/> sees the current version and returns the change,
    /// or null when there is nothing to do (the current version is then returned).
    /// </summary>
    public Task<ModelVersion> TransitionAsync(ModelVersionKey key, Func<ModelVersion, StateChange?> decide, CancellationToken cancellationToken) =>
        TransitionAsync(key, decide, known: null, cancellationToken);

    /// <summary>As the overload above, starting from <paramref name="known"/> rather than a read of its own.</summary>
    /// <remarks>
    /// <paramref name="known"/>, the version as its caller read it a moment ago, spares the first read: the write is
    /// conditional on it, so a version changed since is a lost race and read again. Only a fresh read decides that
    /// there is nothing to do.
    /// </remarks>
    public Task<ModelVersion> TransitionAsync(
        ModelVersionKey key, Func<ModelVersion, StateChange?> decide, ModelVersion? known, CancellationToken cancellationToken) =>
        RetryAsync<ModelVersion>(async round =>
        {
            var fromCaller = round == 1 && known is not null;
            var current = fromCaller ? known! : await RequireVersionAsync(key, cancellationToken);
            var change = decide(current);
            if (change is null)
            {
                return fromCaller ? null : current;
            }

            LifecycleTransitions.Ensure(current.State, change.Updated.State);
            var written = await store.SaveTransitionAsync(change.Updated, change.Entry, cancellationToken);
            recent?.Remember(written);
            return written;
        }, cancellationToken);

    /// <summary>The version as this process wrote it last, if it did lately: a hint to start a guarded write from, never the authority.</summary>
    public ModelVersion? Recent(ModelVersionKey key) => recent?.Find(key.Model, key.Version);

    /// <summary>The version moved to <paramref name="target"/> now, with its history entry.</summary>
    public StateChange Change(ModelVersion current, VersionState target, HistoryAction action, string actor, string? reason, string? orchestrationId)
    {
        var now = clock.GetUtcNow();
        return new StateChange(
            current with { State = target, UpdatedAt = now, StateReason = reason },
            HistoryEntry.ForStateChange(action, current, target, now, actor, reason, orchestrationId));
    }

    /// <summary>A version as it is to be written, with the entry that records the change.</summary>
    public sealed record StateChange(ModelVersion Updated, HistoryEntry Entry);
}
