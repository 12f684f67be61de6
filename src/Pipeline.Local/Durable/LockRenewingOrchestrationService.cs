using System.Collections.Concurrent;
using DurableTask.Core;

namespace Pipeline.Local.Durable;

/// <summary>
/// The durable backend as the gRPC sidecar sees it, renewing the lock of every work item it hands out while
/// that work item runs. The sidecar (Microsoft.DurableTask.InProcessTestHost 0.2.3-preview.1) never calls the
/// backend's renew methods, unlike DurableTask.Core's dispatchers in the Functions host, so without this an
/// activity running longer than the queue's visibility timeout would be handed out again and run twice at once.
/// With it the visibility timeouts can be short, and a crashed process's work reappears within them.
/// </summary>
/// <remarks>
/// A renewal is stopped (and awaited) before the work item is completed, abandoned or released, so a renewal
/// never races the backend's delete of the same queue message. A renewal that fails is logged and retried at
/// the next tick; a work item the backend no longer knows is left to the backend.
/// </remarks>
internal sealed partial class LockRenewingOrchestrationService(
    IOrchestrationService inner, TimeSpan renewEvery, ILogger<LockRenewingOrchestrationService> logger) : IOrchestrationService
{
    // Work items by reference: the backend hands out one object per lock.
    private readonly ConcurrentDictionary<object, LockRenewal> renewals = new(ReferenceEqualityComparer.Instance);

    private long renewed;

    /// <summary>Locks renewed so far.</summary>
    public long Renewed => Interlocked.Read(ref renewed);

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    /// <inheritdoc />
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            Track(workItem, workItem.Id, async () =>
            {
                var renewedItem = await inner.RenewTaskActivityWorkItemLockAsync(workItem);
                // The backend expires a work item it no longer holds (LockedUntilUtc = now): nothing left to renew.
                return renewedItem.LockedUntilUtc > DateTime.UtcNow;
            });
        }

        return workItem!;
    }

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) =>
        inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await StopRenewingAsync(workItem);
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    /// <inheritdoc />
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await StopRenewingAsync(workItem);
        await inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    /// <inheritdoc />
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            Track(workItem, workItem.InstanceId, async () =>
            {
                await inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
                return true;
            });
        }

        return workItem!;
    }

    /// <inheritdoc />
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) =>
        inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        await StopRenewingAsync(workItem);
        await inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    /// <inheritdoc />
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        await StopRenewingAsync(workItem);
        await inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    /// <inheritdoc />
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        await StopRenewingAsync(workItem);
        await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    }

    /// <inheritdoc />
    public Task StartAsync() => inner.StartAsync();

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(isForced: false);

    /// <inheritdoc />
    public async Task StopAsync(bool isForced)
    {
        foreach (var workItem in renewals.Keys.ToList())
        {
            await StopRenewingAsync(workItem);
        }

        await inner.StopAsync(isForced);
    }

    /// <inheritdoc />
    public Task CreateAsync() => inner.CreateAsync();

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    /// <inheritdoc />
    public Task DeleteAsync() => inner.DeleteAsync();

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    private void Track(object workItem, string id, Func<Task<bool>> renew)
    {
        var stop = new CancellationTokenSource();
        var loop = Task.Run(() => RenewUntilStoppedAsync(id, renew, stop.Token), CancellationToken.None);
        renewals[workItem] = new LockRenewal(stop, loop);
    }

    private async Task RenewUntilStoppedAsync(string id, Func<Task<bool>> renew, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(renewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (!await renew())
                    {
                        return;
                    }

                    Interlocked.Increment(ref renewed);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The lock still holds until its visibility timeout; the next tick tries again.
                    LogRenewalFailed(logger, id, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the work item is being completed, abandoned or released.
        }
    }

    private async Task StopRenewingAsync(object workItem)
    {
        if (renewals.TryRemove(workItem, out var renewal))
        {
            await renewal.Stop.CancelAsync();
            await renewal.Loop;
            renewal.Stop.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lock of work item {WorkItem}; trying again at the next renewal.")]
    private static partial void LogRenewalFailed(ILogger logger, string workItem, Exception exception);

    private sealed record LockRenewal(CancellationTokenSource Stop, Task Loop);
}
