using System.Net;
using Pipeline.Testing;

namespace Pipeline.Local.Tests;

/// <summary>
/// A crash (kill -9) between state changes and their delivery loses no event and invents none: the events
/// were written with the changes, and the next process sends each once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsCrashTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Crash_AfterTheChangesBeforeTheirDelivery_RestartedProcessDeliversEachOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hub = PipelineRuntime.NewTaskHubName();
        var model = TestUploads.NewModelName("evcrash");
        var first = await LocalRuntimeProcess.StartAsync(Environment(hub, receiver, dispatchInterval: "01:00:00"));
        await using (first)
        {
            var api = new ApiClient(first.Http);
            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
            await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "ivan")).Status);
            await api.WaitForStateAsync(model, "v1", "Production/");
            Assert.Equal(4, (await api.GetJsonAsync($"api/events?model={model}&status=pending")).AsArray().Count);
            await first.KillAsync();
        }

        Assert.Empty(receiver.About(model));
        await using var second = await LocalRuntimeProcess.StartAsync(Environment(hub, receiver, dispatchInterval: "00:00:00.200"));
        var delivered = await Eventually.WaitAsync(
            () => Task.FromResult(receiver.About(model, acceptedOnly: true)),
            list => list.Count >= 4,
            TimeSpan.FromSeconds(30),
            "the four events to be delivered after the restart");
        // Give a duplicate the time of a few more passes to show up, were one coming.
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(
            ["pipeline.version.registered", "pipeline.version.awaitingApproval", "pipeline.version.approved", "pipeline.version.promoted"],
            receiver.About(model).Select(r => r.Type));
        Assert.Equal(4, delivered.Select(r => r.Id).Distinct().Count());
        Assert.All(delivered, r => Assert.True(r.SignatureValid));
        Assert.Empty((await new ApiClient(second.Http).GetJsonAsync($"api/events?model={model}&status=pending")).AsArray());
    }

    private Dictionary<string, string> Environment(string hub, WebhookReceiver receiver, string dispatchInterval) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["TASKHUB_NAME"] = hub,
        ["Events__Webhooks__0__Url"] = receiver.Url.ToString(),
        ["Events__Webhooks__0__Secret"] = receiver.Secret,
        ["Events__DispatchInterval"] = dispatchInterval,
    };
}
