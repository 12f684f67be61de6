using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// Events out to an Event Grid custom topic, end to end on Azurite and the real engine, with a loopback stand-in
/// for the topic's publish API next to a webhook receiver: the topic gets the same CloudEvents, in the same order,
/// through failures, each attempt recorded under the subscriber <c>eventgrid</c>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventGridOutTests(AzuriteFixture azurite)
{
    private static readonly string[] FastDispatch = ["--Events:DispatchInterval=00:00:00.200", "--Events:RetryBaseDelay=00:00:00.100"];

    [Fact]
    public async Task Story_WithTopicAndWebhook_TopicGetsTheSameEventsInOrder_ThroughTwoFailedAttempts()
    {
        await using var webhooks = await WebhookReceiver.StartAsync();
        await using var topic = await EventGridReceiver.StartAsync();
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: [.. webhooks.Settings(), .. topic.Settings(), .. FastDispatch]);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("eg");
        topic.FailFirstAttempts = ("pipeline.version.promoted", $"{model}/v1", 2);

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v1/approve", """{"comment": "ok"}""", "dana@example.com")).Status);
        await api.WaitForStateAsync(model, "v1", "Production/");
        string[] expected = ["registered", "awaitingApproval", "approved", "promoted"];
        var published = await Eventually.WaitAsync(
            () => Task.FromResult(topic.About(model, acceptedOnly: true)),
            list => list.Count >= expected.Length,
            TimeSpan.FromSeconds(30),
            "every event of the story to reach the topic");
        var hooked = await Eventually.WaitAsync(
            () => Task.FromResult(webhooks.About(model, acceptedOnly: true)),
            list => list.Count >= expected.Length,
            TimeSpan.FromSeconds(30),
            "every event of the story to reach the webhook");

        Assert.Equal(expected, published.Select(r => r.Type["pipeline.version.".Length..]));
        Assert.Equal(hooked.Select(r => (r.Id, r.Type)), published.Select(r => (r.Id, r.Type)));
        foreach (var (viaTopic, viaWebhook) in published.Zip(hooked))
        {
            foreach (var attribute in new[] { "specversion", "source", "subject", "datacontenttype" })
            {
                Assert.Equal(viaWebhook.Event[attribute]?.ToJsonString(), viaTopic.Event[attribute]?.ToJsonString());
            }

            // The same instant; the Event Grid client writes UTC as +00:00 where the webhook's formatter writes Z.
            Assert.Equal(viaWebhook.Event["time"]!.GetValue<DateTimeOffset>(), viaTopic.Event["time"]!.GetValue<DateTimeOffset>());

            Assert.True(JsonNode.DeepEquals(viaWebhook.Event["data"], viaTopic.Event["data"]), $"the data of {viaTopic.Type} differs from the webhook's");
        }

        Assert.All(topic.About(model), r =>
        {
            Assert.Equal(topic.Key, r.Key);
            Assert.Equal("2018-01-01", r.ApiVersion);
            Assert.StartsWith("application/cloudevents-batch+json", r.ContentType, StringComparison.Ordinal);
        });
        var promoted = published.Single(r => r.Type == "pipeline.version.promoted");
        Assert.Equal(3, topic.About(model).Count(r => r.Id == promoted.Id));
        var deliveries = (await api.GetJsonAsync($"api/events?model={model}")).AsArray()
            .Single(e => e!["id"]!.GetValue<string>() == promoted.Id)!["deliveries"]!.AsArray();
        Assert.Equal(["webhook-0", "eventgrid"], deliveries.Select(d => d!["subscriber"]!.GetValue<string>()));
        var recorded = deliveries.Single(d => d!["subscriber"]!.GetValue<string>() == "eventgrid")!;
        Assert.Equal("delivered", recorded["status"]!.GetValue<string>());
        Assert.Equal(3, recorded["attempts"]!.GetValue<int>());
        Assert.Equal("200", recorded["lastResult"]!.GetValue<string>());
    }

    [Fact]
    public async Task Topic_WithTypes_GetsOnlyThoseAndRecordsOnlyThem()
    {
        await using var topic = await EventGridReceiver.StartAsync();
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: [.. topic.Settings(types: "registered"), .. FastDispatch]);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("eg");

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var events = await Eventually.WaitAsync(
            async () => (await api.GetJsonAsync($"api/events?model={model}")).AsArray(),
            list => list.Any(e => e!["type"]!.GetValue<string>() == "pipeline.version.registered"
                && e["deliveries"]!.AsArray().Any(d => d!["status"]!.GetValue<string>() == "delivered")),
            TimeSpan.FromSeconds(30),
            "the registration to be delivered to the topic");

        var registered = Assert.Single(topic.About(model, acceptedOnly: true));
        Assert.Equal("pipeline.version.registered", registered.Type);
        Assert.All(events.Where(e => e!["type"]!.GetValue<string>() != "pipeline.version.registered"), e => Assert.Empty(e!["deliveries"]!.AsArray()));
    }
}
