using Pipeline.Core.Errors;
using Pipeline.Core.Events;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;

namespace Pipeline.Storage.Tests;

/// <summary>The outbox on Azurite: an event is written with its change or not at all, in order, and its deliveries are guarded.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutboxOnAzuriteTests(AzuriteFixture azurite)
{
    private readonly RegistryHarness registry = new(azurite, TimeProvider.System);
    private readonly TableEventOutbox outbox = new(azurite.Tables);

    [Fact]
    public async Task Changes_WriteTheirEventsInOrder_AndALostRaceWritesNone()
    {
        var model = TestUploads.NewModelName("ob");
        var key = await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        var tested = await registry.TestAsync(key);
        var stale = tested with { ConcurrencyToken = (await registry.Store.FindVersionAsync(model, "v1", CancellationToken.None))!.ConcurrencyToken };
        await registry.ApproveAndPromoteAsync(key, "bob");

        // A write from a stale read fails, and its event with it.
        var lost = stale with { State = VersionState.Rejected };
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => registry.Store.SaveTransitionAsync(
            lost, HistoryEntry.ForStateChange(HistoryAction.Rejected, stale, VersionState.Rejected, DateTimeOffset.UtcNow, "mallory", "late"), CancellationToken.None));
        // A history entry that is not an event out (a refused approval) writes none.
        await registry.Store.AppendHistoryAsync(
            HistoryEntry.ForStateChange(HistoryAction.ApprovalRefused, tested, tested.State, DateTimeOffset.UtcNow, "ursula", "uploaded it"), CancellationToken.None);

        var events = await outbox.ListAsync(model, null, 100, CancellationToken.None);
        Assert.Equal(
            [PipelineEventType.Registered, PipelineEventType.AwaitingApproval, PipelineEventType.Approved, PipelineEventType.Promoted],
            events.Select(e => e.Event.Type));
        Assert.All(events, e => Assert.Null(e.Deliveries));
        Assert.Equal("bob", events[3].Event.Actor);
        Assert.Equal(VersionState.Production, events[3].Event.State);
    }

    [Fact]
    public async Task Save_FromAStaleRead_IsAConflict_AndADecidedEntryIsNoLongerPending()
    {
        var model = TestUploads.NewModelName("ob");
        await registry.RegisterAsync(model, "v1", TestUploads.SomeModelBytes());
        var entry = Assert.Single(await outbox.ListAsync(model, null, 10, CancellationToken.None));
        var delivered = new EventDelivery("webhook-0", DeliveryStatus.Delivered, 1, null, DateTimeOffset.UtcNow, "200");

        await outbox.SaveAsync(entry with { Deliveries = [delivered] }, CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => outbox.SaveAsync(entry with { Deliveries = [] }, CancellationToken.None));

        Assert.DoesNotContain(await outbox.ListPendingAsync(CancellationToken.None), e => e.Event.Model == model);
        var saved = Assert.Single(await outbox.ListAsync(model, DeliveryStatus.Delivered, 10, CancellationToken.None));
        Assert.Equal(delivered, Assert.Single(saved.Deliveries!));
        Assert.Empty(await outbox.ListAsync(model, DeliveryStatus.Failed, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Changes_WriteAnEventNobodyTakesSettled_AndOneSomebodyTakesPending()
    {
        // One registration where a subscriber takes promotions only (as a webhook with types: ["promoted"]), and one
        // where a subscriber takes registrations.
        var unwanted = await AddVersionAsync(new TableRegistryStore(azurite.Tables, new Subscribers(PipelineEventType.Promoted)));
        var wanted = await AddVersionAsync(new TableRegistryStore(azurite.Tables, new Subscribers(PipelineEventType.Registered)));

        var settled = Assert.Single(await outbox.ListAsync(unwanted, null, 10, CancellationToken.None));
        Assert.Equal(PipelineEventType.Registered, settled.Event.Type);
        Assert.False(settled.Pending);
        Assert.Empty(settled.Deliveries!);
        var pending = await outbox.ListPendingAsync(CancellationToken.None);
        Assert.DoesNotContain(pending, e => e.Event.Model == unwanted);
        var taken = Assert.Single(pending, e => e.Event.Model == wanted);
        Assert.Equal(PipelineEventType.Registered, taken.Event.Type);
        Assert.Null(taken.Deliveries);
    }

    private static async Task<string> AddVersionAsync(TableRegistryStore store)
    {
        var model = TestUploads.NewModelName("ob");
        var version = TestVersions.Registered(model);
        Assert.NotNull(await store.TryAddVersionAsync(version, HistoryEntry.ForRegistration(version, "alice", "Uploaded."), null, CancellationToken.None));
        return model;
    }

    private sealed class Subscribers(params PipelineEventType[] taken) : IEventSubscribers
    {
        public bool AnyFor(PipelineEventType type) => taken.Contains(type);
    }
}
