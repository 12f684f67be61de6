using System.Diagnostics;
using System.Net;
using Pipeline.Core.Diagnostics;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Local.Tests;

/// <summary>
/// The runtime dies (Environment.FailFast) at each named fault point in turn, as a user's version goes through
/// its life; each time it is started again without that point, on the same node name and the same storage, and
/// the version goes on to the state it should reach, with every history entry and every event exactly once
/// (the one event delivered just before a crash is delivered again: deliveries are at least once).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CrashPointTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    // Short visibility timeouts keep the test quick; the chaos run shows the defaults.
    private const string Visibility = "00:00:05";

    [Fact]
    [Trait("Category", "Faults")]
    public async Task EveryFaultPoint_RestartedWithoutIt_VersionEndsWhereItShouldEachHistoryEntryOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hub = PipelineRuntime.NewTaskHubName();
        var node = "crash-" + hub;
        var model = TestUploads.NewModelName("crash");
        var env = (string points, string dispatch) => Environment(hub, node, receiver, points, dispatch);
        const string Quiet = "01:00:00";
        var sha256 = string.Empty;

        // The round's report is written, its outcome not recorded: the restarted round records it once.
        await DieAtAsync(env(FaultPoint.AfterStagingReport, Quiet), FaultPoint.AfterStagingReport, _ =>
            TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 21)));
        await using (var second = await StartMeasuredAsync(env(FaultPoint.AfterDecisionRecord, Quiet), api => api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(60)), "the tests' outcome recorded"))
        {
            var api = new ApiClient(second.Http);
            var history = await VersionAudit.HistoryAsync(api, model);
            Assert.Equal(["v1:registered", "v1:testsStarted", "v1:testsPassed"], history);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"api/models/{model}/versions/v1/report")).Status);

            // The approval is recorded, the workflow not signalled: the approver's retry signals it.
            await DieAtAsync(second, FaultPoint.AfterDecisionRecord, a => a.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "ivan"));
        }

        await using (var third = await StartMeasuredAsync(env($"{FaultPoint.AfterRegistryWrite}:PromoteVersion", Quiet), _ => Task.CompletedTask, "the runtime to answer"))
        {
            var api = new ApiClient(third.Http);
            Assert.Equal("Staging/AwaitingApproval", await api.StateOfAsync(model, "v1"));
            Assert.Equal(1, VersionAudit.Count(await VersionAudit.HistoryAsync(api, model), "v1", "approvalRecorded"));

            // The promotion is written, its activity not finished: the activity runs again and changes nothing twice.
            await DieAtAsync(third, FaultPoint.AfterRegistryWrite, a => a.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "ivan"));
        }

        // The first pending event is delivered, its delivery not recorded: it goes again, every other once.
        await DieAtAsync(env(FaultPoint.AfterEventDelivery, "00:00:00.200"), FaultPoint.AfterEventDelivery, _ => Task.CompletedTask);
        await using (var fifth = await StartMeasuredAsync(env(string.Empty, "00:00:00.200"), api => api.WaitForStateAsync(model, "v1", "Production/", TimeSpan.FromSeconds(60)), "the promotion finished"))
        {
            var api = new ApiClient(fifth.Http);
            Assert.Equal(
                ["v1:registered", "v1:testsStarted", "v1:testsPassed", "v1:approvalRecorded", "v1:promoted"],
                await VersionAudit.HistoryAsync(api, model));
            await Eventually.WaitAsync(
                async () => (await api.GetJsonAsync($"api/events?model={model}&status=pending")).AsArray().Count,
                pending => pending == 0,
                TimeSpan.FromSeconds(30),
                "every event to be delivered");
            var events = (await api.GetJsonAsync($"api/events?model={model}")).AsArray().Count;
            var received = receiver.About(model, acceptedOnly: true);
            output.WriteLine($"Events: {events} recorded, {received.Count} deliveries received, {received.Select(r => r.Id).Distinct().Count()} distinct.");
            Assert.Equal(events, received.Select(r => r.Id).Distinct().Count());
            Assert.Equal(events + 1, received.Count);
            Assert.Single(received.GroupBy(r => r.Id), g => g.Count() == 2);

            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v2/model.onnx", TestUploads.SampleModelBytes(seed: 22));
            await api.WaitForStateAsync(model, "v2", "Staging/AwaitingApproval", TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v2/approve", "{}", "ivan")).Status);
            await api.WaitForStateAsync(model, "v1", "Archived/", TimeSpan.FromSeconds(60));
            sha256 = (await api.GetJsonAsync($"api/models/{model}/versions/v1"))["sha256"]!.GetValue<string>();
        }

        // The purge is marked, the blob not yet deleted: the next cleanup run deletes it and records nothing twice.
        var vaultCopy = azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient($"{model}/{sha256}");
        Assert.True((await vaultCopy.ExistsAsync()).Value);
        await DieAtAsync(env($"{FaultPoint.AfterPurgeMark}:{model}", Quiet), FaultPoint.AfterPurgeMark, a => a.PostAsync("api/cleanup/runs"));
        await using (var last = await StartMeasuredAsync(env(string.Empty, Quiet), _ => Task.CompletedTask, "the runtime to answer"))
        {
            var api = new ApiClient(last.Http);
            Assert.NotNull((await api.GetJsonAsync($"api/models/{model}/versions/v1"))["purgedAt"]);
            Assert.True((await vaultCopy.ExistsAsync()).Value);
            var (status, _, report) = await api.PostAsync("api/cleanup/runs");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains(report!["completed"]!.AsArray(), p => p!["model"]!.GetValue<string>() == model && p["version"]!.GetValue<string>() == "v1");
            Assert.False((await vaultCopy.ExistsAsync()).Value);

            var anomalies = (await VersionAudit.ApprovedModelAnomaliesAsync(api, model, ["v1", "v2"]))
                .Where(a => a != $"{model}: unexpected history entry v1:purged").ToList();
            Assert.Equal(1, VersionAudit.Count(await VersionAudit.HistoryAsync(api, model), "v1", "purged"));
            Assert.Empty(anomalies);
        }
    }

    // Starts a runtime with the point enabled, drives it there, and waits for it to die at it.
    private async Task DieAtAsync(Dictionary<string, string> environment, string point, Func<ApiClient, Task> drive)
    {
        LocalRuntimeProcess runtime;
        try
        {
            runtime = await LocalRuntimeProcess.StartAsync(environment);
        }
        catch (InvalidOperationException e) when (e.Message.Contains($"Fault point {point} hit", StringComparison.Ordinal))
        {
            // A point on a background service's path can be hit before the API first answers.
            output.WriteLine($"Injected {point}: the process died while starting, at its first pass.");
            return;
        }

        await using (runtime)
        {
            await DieAtAsync(runtime, point, drive);
        }
    }

    private async Task DieAtAsync(LocalRuntimeProcess runtime, string point, Func<ApiClient, Task> drive)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await drive(new ApiClient(runtime.Http));
        }
        catch (HttpRequestException)
        {
            // The process died under the request.
        }

        Assert.True(await runtime.WaitForExitAsync(TimeSpan.FromSeconds(90)), $"The runtime did not die at {point} within 90 s:\n{runtime.Output}");
        output.WriteLine($"Injected {point}: the process died {watch.Elapsed.TotalSeconds:0.0} s after being driven there (exit code {runtime.ExitCode}).");
        Assert.NotEqual(0, runtime.ExitCode);
        Assert.Contains($"Fault point {point} hit", runtime.Output, StringComparison.Ordinal);
    }

    private async Task<LocalRuntimeProcess> StartMeasuredAsync(Dictionary<string, string> environment, Func<ApiClient, Task> recovered, string what)
    {
        var watch = Stopwatch.StartNew();
        var runtime = await LocalRuntimeProcess.StartAsync(environment);
        await recovered(new ApiClient(runtime.Http));
        output.WriteLine($"Restarted without it: {what} {watch.Elapsed.TotalSeconds:0.0} s after the start began.");
        return runtime;
    }

    private Dictionary<string, string> Environment(string hub, string node, WebhookReceiver receiver, string points, string dispatch) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["TASKHUB_NAME"] = hub,
        ["Local__NodeName"] = node,
        ["Local__WorkItemVisibilityTimeout"] = Visibility,
        ["Local__ControlQueueVisibilityTimeout"] = Visibility,
        ["Pipeline__FaultPoints"] = points,
        ["Events__Webhooks__0__Url"] = receiver.Url.ToString(),
        ["Events__Webhooks__0__Secret"] = receiver.Secret,
        ["Events__DispatchInterval"] = dispatch,
        ["Retention__KeepArchived"] = "0",
        ["Retention__ArchivedDays"] = "0",
    };
}
