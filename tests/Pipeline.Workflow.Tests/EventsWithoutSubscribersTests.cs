using Pipeline.Core.Events;
using Pipeline.Core.Lifecycle;
using Pipeline.Core.Registry;
using Pipeline.Storage.Tables;
using Pipeline.Testing;
using Pipeline.Workflow.Events;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// With no subscriber configured (the runtime's default), a version's events are written settled and listed as any
/// other, and the sender makes no pass: an event left pending by a writer that did not know the subscribers stays so.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsWithoutSubscribersTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>
{
    [Fact]
    public async Task Upload_WithNoSubscriber_WritesItsEventsSettled_AndTheSenderReadsNothing()
    {
        var runtime = await shared.StartOnceAsync(azurite, []);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("nosub");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var events = (await api.GetJsonAsync($"api/events?model={model}")).AsArray();
        Assert.Equal(["registered", "awaitingApproval"], events.Select(e => e!["type"]!.GetValue<string>().Split('.')[^1]));
        Assert.Empty((await api.GetJsonAsync($"api/events?model={model}&status=pending")).AsArray());

        // A row written pending (by a store that does not know the subscribers) is not picked up: no pass is made.
        var other = TestUploads.NewModelName("nosub");
        var version = TestVersions.Registered(other);
        await new TableRegistryStore(azurite.Tables).TryAddVersionAsync(version, HistoryEntry.ForRegistration(version, "alice", "Uploaded."), null, CancellationToken.None);

        Assert.Equal(0, await runtime.Get<EventDispatcher>().RunOnceAsync(CancellationToken.None));
        var left = Assert.Single(await new TableEventOutbox(azurite.Tables).ListAsync(other, null, 10, CancellationToken.None));
        Assert.True(left.Pending);
        Assert.Null(left.Deliveries);
    }
}
