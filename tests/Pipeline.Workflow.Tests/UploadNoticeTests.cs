using System.Net;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// POST /api/uploads registers an uploaded blob at once, through the same registrar as the blob event and the
/// local watcher: here the watcher lists the container every 10 minutes, and once it has registered a blob uploaded
/// before the runtime started, its listing is done, so whatever is uploaded after that and registered was registered by
/// a notice. A notice for a blob that is not there, or a path that cannot be a version,
/// records nothing; one the registry refuses is a 409 with the reason, listed like any rejected upload.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadNoticeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Notice_AfterUpload_RegistersAndTestsAtOnce_AndRepeatsChangeNothing()
    {
        await using var runtime = await StartAfterTheWatchersScanAsync();
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("un");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());

        var (status, _, body) = await PostNoticeAsync(runtime, $$"""{"blobPath": "{{model}}/v1/model.onnx"}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("registered", body!["disposition"]!.GetValue<string>());
        Assert.Equal(model, body["model"]!.GetValue<string>());
        Assert.Equal("v1", body["version"]!.GetValue<string>());
        Assert.Equal("Staging", body["stage"]!.GetValue<string>());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        // Sent again (a client retrying), and at the same moment twice more: one registration, one round.
        var again = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostNoticeAsync(runtime, $$"""{"blobPath": "{{model}}/v1/model.onnx"}""")));
        Assert.All(again, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        Assert.All(again, a => Assert.Equal("duplicate", a.Body!["disposition"]!.GetValue<string>()));
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "registered");
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "testsStarted");
    }

    [Fact]
    public async Task Notice_BadOrMissingOrRefusedUpload_AnswersProblem_AndRecordsOnlyTheRefusal()
    {
        await using var runtime = await StartAfterTheWatchersScanAsync();
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("un");

        foreach (var bad in new[] { "{}", """{"blobPath": ""}""", """{"blobPath": "no-version.onnx"}""", """{"blobPath": "Bad Name/v1/model.onnx"}""", "not json" })
        {
            var (badStatus, badType, problem) = await PostNoticeAsync(runtime, bad);
            Assert.True(badStatus == HttpStatusCode.BadRequest, $"{bad}: {badStatus}");
            Assert.Equal("application/problem+json", badType);
            Assert.False(string.IsNullOrWhiteSpace(problem!["detail"]?.GetValue<string>()), bad);
        }

        // Nothing uploaded there: 404, and not listed as a rejected upload (an event never came for it either).
        var (missing, _, notThere) = await PostNoticeAsync(runtime, $$"""{"blobPath": "{{model}}/v1/model.onnx"}""");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal($"{model}/v1/model.onnx", notThere!["blobPath"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/versions/v1")).Status);

        // A second file in a registered version: refused with the reason, and listed like the event would list it.
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        Assert.Equal(HttpStatusCode.Accepted, (await PostNoticeAsync(runtime, $$"""{"blobPath": "{{model}}/v1/model.onnx"}""")).Status);
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/other.onnx", TestUploads.SampleModelBytes(seed: 2));
        var (refused, _, reason) = await PostNoticeAsync(runtime, $$"""{"blobPath": "{{model}}/v1/other.onnx"}""");
        Assert.Equal(HttpStatusCode.Conflict, refused);
        Assert.Contains("already registered", reason!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var rejected = (await api.GetJsonAsync("api/uploads/rejected?limit=1000")).AsArray();
        Assert.Single(rejected, r => r!["blobName"]!.GetValue<string>() == $"{model}/v1/other.onnx");
        Assert.DoesNotContain(rejected, r => r!["blobName"]!.GetValue<string>().StartsWith("Bad Name", StringComparison.Ordinal));
    }

    // A runtime whose watcher has listed the container once (it lists again in 10 minutes): a blob uploaded before the
    // runtime starts is in that listing, so once it is registered, a blob uploaded after is registered by a notice or not at all.
    private async Task<PipelineRuntime> StartAfterTheWatchersScanAsync()
    {
        var scanned = TestUploads.NewModelName("un-scan");
        await TestUploads.UploadAsync(azurite.Blobs, $"{scanned}/v1/model.onnx", TestUploads.SampleModelBytes());
        var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: ["--Local:WatchInterval=00:10:00"]);
        try
        {
            await Eventually.WaitAsync(
                () => new ApiClient(runtime.Http).StateOfAsync(scanned, "v1"),
                s => !s.StartsWith("HTTP", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90),
                $"{scanned}/v1 to be registered by the watcher's first scan");
            return runtime;
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }
    }

    private static Task<(HttpStatusCode Status, string? ContentType, System.Text.Json.Nodes.JsonNode? Body)> PostNoticeAsync(PipelineRuntime runtime, string body) =>
        new ApiClient(runtime.Http).PostAsync("api/uploads", body);
}
