using System.Net;
using Microsoft.DurableTask.Client;
using Pipeline.Testing;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Workflow.Tests;

/// <summary>The per-version workflow on the real durable backend (DurableTask.AzureStorage on Azurite).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelVersionWorkflowTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Workflow_Approved_BecomesProductionWithAuditTrail()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var (status, _, body) = await api.PostAsync($"api/models/{model}/versions/v1/approve", """{"comment": "looks good"}""", "dana@example.com");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal($"{model}:v1:1", body!["orchestrationId"]!.GetValue<string>());
        await api.WaitForStateAsync(model, "v1", "Production/");
        var production = await api.GetJsonAsync($"api/models/{model}/production");
        Assert.Equal("v1", production["version"]!.GetValue<string>());
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal(["promoted", "approvalRecorded", "testsPassed", "testsStarted", "registered"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal("dana@example.com", history[0]!["actor"]!.GetValue<string>());
        Assert.Equal("looks good", history[0]!["reason"]!.GetValue<string>());
        // The decision was recorded before the workflow acted on it, by the same verified caller.
        Assert.Equal("dana@example.com", history[1]!["actor"]!.GetValue<string>());
        Assert.StartsWith("Approval 1 of 1 recorded", history[1]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_UploadOverwrittenAfterPromotion_BlobUriStillServesTheTestedBytes()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        var tested = TestUploads.SampleModelBytes();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", tested);
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "dana@example.com");
        await api.WaitForStateAsync(model, "v1", "Production/");

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 77));

        var production = await api.GetJsonAsync($"api/models/{model}/production");
        var uri = new Azure.Storage.Blobs.BlobUriBuilder(new Uri(production["blobUri"]!.GetValue<string>()));
        var served = await azurite.Blobs.GetBlobContainerClient(uri.BlobContainerName).GetBlobClient(uri.BlobName).DownloadContentAsync();
        Assert.Equal(tested, served.Value.Content.ToArray());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(tested)), production["sha256"]!.GetValue<string>());
        // The overwrite is seen and refused, not registered.
        await Eventually.WaitAsync(
            () => api.GetJsonAsync("api/uploads/rejected"),
            rejected => rejected.AsArray().Any(u => u!["blobName"]!.GetValue<string>() == $"{model}/v1/model.onnx"),
            TimeSpan.FromSeconds(15),
            "the overwrite to be listed as a rejected upload");
    }

    [Fact]
    public async Task Workflow_Rejected_StaysInStagingAndRefusesLaterApproval()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var (status, _, _) = await api.PostAsync($"api/models/{model}/versions/v1/reject", """{"reason": "bias on segment B"}""", "erin");
        Assert.Equal(HttpStatusCode.Accepted, status);
        await api.WaitForStateAsync(model, "v1", "Staging/Rejected");

        var (lateStatus, contentType, problem) = await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}");
        Assert.Equal(HttpStatusCode.Conflict, lateStatus);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("Rejected", problem!["currentStatus"]!.GetValue<string>());
        var version = await api.GetJsonAsync($"api/models/{model}/versions/v1");
        Assert.Equal("bias on segment B", version["statusReason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/production")).Status);
    }

    [Fact]
    public async Task Workflow_NoDecisionInTime_ExpiresThenRetestWaitsAgainAndCanBeApproved()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite, approvalTimeout: TimeSpan.FromSeconds(2));
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());

        await api.WaitForStateAsync(model, "v1", "Staging/ApprovalExpired");
        var (status, _, body) = await api.PostAsync($"api/models/{model}/versions/v1/retest");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal($"{model}:v1:2", body!["orchestrationId"]!.GetValue<string>());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        await api.PostAsync($"api/models/{model}/versions/v1/approve");

        await api.WaitForStateAsync(model, "v1", "Production/");
        var version = await api.GetJsonAsync($"api/models/{model}/versions/v1");
        Assert.Equal(2, version["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task Workflow_TestsFailed_RetestRunsANewRoundAndRepeatedRetestIsRefused()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", []);
        await api.WaitForStateAsync(model, "v1", "Staging/TestsFailed");

        var (status, _, _) = await api.PostAsync($"api/models/{model}/versions/v1/retest");
        Assert.Equal(HttpStatusCode.Accepted, status);
        await Eventually.WaitAsync(
            () => api.GetJsonAsync($"api/models/{model}/versions/v1"),
            v => v["attempt"]!.GetValue<int>() == 2 && v["status"]!.GetValue<string>() == "TestsFailed",
            TimeSpan.FromSeconds(30),
            "the second round to fail too");

        var (approveStatus, _, problem) = await api.PostAsync($"api/models/{model}/versions/v1/approve");
        Assert.Equal(HttpStatusCode.Conflict, approveStatus);
        Assert.Contains("TestsFailed", problem!["detail"]!.GetValue<string>());
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal(2, history.Count(h => h!["action"]!.GetValue<string>() == "testsFailed"));
    }

    [Fact]
    public async Task Approve_WorkflowTerminatedBehindTheRegistry_Answers409AndChangesNothing()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var client = runtime.Get<DurableTaskClient>();
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        await client.TerminateInstanceAsync($"{model}:v1:1", "operator stopped it");
        await Eventually.WaitAsync(
            () => client.GetInstanceAsync($"{model}:v1:1"),
            i => i?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated,
            TimeSpan.FromSeconds(30),
            "the instance to be terminated");

        var (status, _, problem) = await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Workflow not waiting", problem!["title"]!.GetValue<string>());
        Assert.Equal("Terminated", problem["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("Staging/AwaitingApproval", await api.StateOfAsync(model, "v1"));
    }

    [Fact]
    public async Task Registrar_DuplicateEvents_RegisterOnceAndRunOneRound()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var registrar = runtime.Get<UploadRegistrar>();
        var client = runtime.Get<DurableTaskClient>();
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            registrar.HandleAsync(client, $"{model}/v1/model.onnx", CancellationToken.None)));
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var again = await registrar.HandleAsync(client, $"{model}/v1/model.onnx", CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(UploadDisposition.Registered, o));
        Assert.Equal(UploadDisposition.Duplicate, again);
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "registered");
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "testsStarted");
    }

    [Fact]
    public async Task Upload_BadPath_IsListedWithReasonAndLeftUntouched()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var name = $"Bad_Model-{Guid.NewGuid():N}/v1/model.onnx";
        var blob = await TestUploads.UploadAsync(azurite.Blobs, name, TestUploads.SampleModelBytes());

        var rejected = await Eventually.WaitAsync(
            () => api.GetJsonAsync("api/uploads/rejected"),
            list => list.AsArray().Any(u => u!["blobName"]!.GetValue<string>() == name),
            TimeSpan.FromSeconds(30),
            "the bad upload to be listed");

        var entry = rejected.AsArray().First(u => u!["blobName"]!.GetValue<string>() == name)!;
        Assert.Contains("lowercase", entry["reason"]!.GetValue<string>());
        Assert.True((await blob.ExistsAsync()).Value);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("api/models/Bad_Model")).Status);
    }
}
