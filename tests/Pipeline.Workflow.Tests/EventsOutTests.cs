using System.Net;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// Events out, end to end on Azurite and the real engine, to a real HTTP receiver on loopback that
/// verifies every signature: each event of a story arrives once, in order, through failures.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EventsOutTests(AzuriteFixture azurite)
{
    private static readonly string[] FastDispatch = ["--Events:DispatchInterval=00:00:00.200", "--Events:RetryBaseDelay=00:00:00.100"];

    [Fact]
    public async Task Story_V1ThenV2_EveryEventArrivesSignedOnceAndInOrder_ThroughTwoFailedAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: [.. receiver.Settings(), .. FastDispatch]);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("ev");
        receiver.FailFirstAttempts = ("pipeline.version.promoted", $"{model}/v2", 2);

        foreach (var (version, seed) in new[] { ("v1", 1), ("v2", 2) })
        {
            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed: seed));
            await api.WaitForStateAsync(model, version, "Staging/AwaitingApproval");
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/{version}/approve", """{"comment": "ok"}""", "dana@example.com")).Status);
            await api.WaitForStateAsync(model, version, "Production/");
        }

        string[] expected =
        [
            "registered v1", "awaitingApproval v1", "approved v1", "promoted v1",
            "registered v2", "awaitingApproval v2", "approved v2", "promoted v2", "archived v1",
        ];
        var accepted = await Eventually.WaitAsync(
            () => Task.FromResult(receiver.About(model, acceptedOnly: true)),
            list => list.Count >= expected.Length,
            TimeSpan.FromSeconds(30),
            "every event of the story to be delivered");

        Assert.Equal(expected, accepted.Select(r => $"{r.Type["pipeline.version.".Length..]} {r.Subject[(model.Length + 1)..]}"));
        Assert.All(receiver.About(model), r => Assert.True(r.SignatureValid, $"the signature of {r.Type} did not verify"));
        Assert.All(accepted, r => Assert.Equal("application/cloudevents+json; charset=utf-8", r.ContentType));
        Assert.Equal(accepted.Count, accepted.Select(r => r.Id).Distinct().Count());
        var promotedV2 = accepted.Single(r => r.Type == "pipeline.version.promoted" && r.Subject == $"{model}/v2");
        Assert.Equal(3, receiver.About(model).Count(r => r.Id == promotedV2.Id));
        Assert.Equal("1.0", promotedV2.Event["specversion"]!.GetValue<string>());
        Assert.Equal("/model-pipeline", promotedV2.Event["source"]!.GetValue<string>());
        var data = promotedV2.Event["data"]!;
        Assert.Equal("Production", data["stage"]!.GetValue<string>());
        Assert.Equal("dana@example.com", data["actor"]!.GetValue<string>());
        Assert.Equal($"/api/models/{model}/versions/v2/report", data["links"]!["report"]!.GetValue<string>());

        var events = (await api.GetJsonAsync($"api/events?model={model}")).AsArray();
        var recorded = events.Single(e => e!["id"]!.GetValue<string>() == promotedV2.Id)!["deliveries"]!.AsArray().Single()!;
        Assert.Equal("delivered", recorded["status"]!.GetValue<string>());
        Assert.Equal(3, recorded["attempts"]!.GetValue<int>());
        Assert.Equal("200", recorded["lastResult"]!.GetValue<string>());
    }

    [Fact]
    public async Task Receiver_AlwaysFails_EachDeliveryEndsFailedAfterItsAttemptsAndTheWorkflowGoesOn()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AlwaysFail = true;
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: [.. receiver.Settings(types: "registered,promoted"), .. FastDispatch]);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("ev");

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "dana@example.com");
        await api.WaitForStateAsync(model, "v1", "Production/");
        var failed = await Eventually.WaitAsync(
            async () => (await api.GetJsonAsync($"api/events?model={model}&status=failed")).AsArray(),
            list => list.Count == 2,
            TimeSpan.FromSeconds(30),
            "both subscribed events to end failed");

        Assert.Equal(["pipeline.version.registered", "pipeline.version.promoted"], failed.Select(e => e!["type"]!.GetValue<string>()));
        Assert.All(failed, e =>
        {
            var delivery = e!["deliveries"]!.AsArray().Single()!;
            Assert.Equal(5, delivery["attempts"]!.GetValue<int>());
            Assert.Equal("500", delivery["lastResult"]!.GetValue<string>());
        });
        // Types nobody subscribed to go nowhere and are not pending.
        var all = (await api.GetJsonAsync($"api/events?model={model}")).AsArray();
        Assert.All(all.Where(e => e!["type"]!.GetValue<string>() is not ("pipeline.version.registered" or "pipeline.version.promoted")),
            e => Assert.Empty(e!["deliveries"]!.AsArray()));
        Assert.Empty((await api.GetJsonAsync($"api/events?model={model}&status=pending")).AsArray());
        Assert.Equal(10, receiver.About(model).Count);
    }

    [Fact]
    public async Task Wait_WithRemindersAndEscalation_SendsThemInOrderThenExpires()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: [.. receiver.Settings(), .. FastDispatch]);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("ev");
        using (var policy = new StringContent("""
            {"approval": {"timeout": "PT6S", "reminders": ["PT1S", "PT2S"], "escalateAfter": "PT3S", "escalateTo": ["oncall@example.com"]}}
            """))
        {
            Assert.Equal(HttpStatusCode.OK, (await runtime.Http.PutAsync(new Uri($"api/models/{model}/policy", UriKind.Relative), policy)).StatusCode);
        }

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/ApprovalExpired", TimeSpan.FromSeconds(60));
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray().Reverse().Select(h => h!["action"]!.GetValue<string>()).ToList();
        var events = await Eventually.WaitAsync(
            () => Task.FromResult(receiver.About(model, acceptedOnly: true)),
            list => list.Any(r => r.Type == "pipeline.version.expired"),
            TimeSpan.FromSeconds(30),
            "the expiry to be delivered");

        Assert.Equal(["reminded", "reminded", "escalated", "approvalExpired"], history.SkipWhile(a => a != "reminded"));
        Assert.Equal(
            ["registered", "awaitingApproval", "reminder", "reminder", "escalated", "expired"],
            events.Select(r => r.Type["pipeline.version.".Length..]));
        var escalated = events.Single(r => r.Type == "pipeline.version.escalated").Event["data"]!;
        Assert.Equal(["oncall@example.com"], escalated["escalateTo"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.StartsWith("Escalated to oncall@example.com", escalated["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Reminder 2 of 2", events[3].Event["data"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_BadQuery_Is400()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);

        foreach (var query in new[] { "status=lost", "limit=0", "limit=x", "model=Bad_Name" })
        {
            var (status, contentType, _) = await api.GetAsync($"api/events?{query}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{query}: {status}");
            Assert.Equal("application/problem+json", contentType);
        }
    }
}
