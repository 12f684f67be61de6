using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Http;
using Pipeline.Api.Identity;
using Pipeline.Functions.Http;
using Pipeline.Functions.Triggers;
using Pipeline.Testing;
using Pipeline.Workflow.Uploads;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The Functions app's functions, called directly (the Functions host cannot run here) with real
/// services: the same registrar, API and durable engine the local runtime runs on Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PipelineRuntime runtime = null!;

    public async Task InitializeAsync() => runtime = await PipelineRuntime.StartAsync(azurite);

    public async Task DisposeAsync() => await runtime.DisposeAsync();

    [Fact]
    public async Task RegisterUploadedModel_NewBlob_RegistersAndStartsTests()
    {
        var model = TestUploads.NewModelName();
        var blob = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/1.0.0/model.onnx", TestUploads.SampleModelBytes());
        var function = new RegisterUploadedModel(runtime.Get<UploadRegistrar>());

        var disposition = await function.RunAsync(blob, runtime.Get<DurableTaskClient>(), CancellationToken.None);

        Assert.Equal(UploadDisposition.Registered, disposition);
        await new ApiClient(runtime.Http).WaitForStateAsync(model, "1.0.0", "Staging/AwaitingApproval");
    }

    [Fact]
    public async Task RegisterUploadedModel_BadPath_IsRejectedAndListed()
    {
        var name = $"no-version-{Guid.NewGuid():N}.onnx";
        var blob = await TestUploads.UploadAsync(azurite.Blobs, name, TestUploads.SampleModelBytes());
        var function = new RegisterUploadedModel(runtime.Get<UploadRegistrar>());

        var disposition = await function.RunAsync(blob, runtime.Get<DurableTaskClient>(), CancellationToken.None);

        Assert.Equal(UploadDisposition.Rejected, disposition);
        var (status, body) = await InvokeAsync(f => f.ListRejectedUploads(NewRequest("GET")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(body!.AsArray(), u => u!["blobName"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task HttpFunctions_ApproveThenRead_PromoteAndServeProduction()
    {
        var model = TestUploads.NewModelName();
        var blob = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await new RegisterUploadedModel(runtime.Get<UploadRegistrar>()).RunAsync(blob, runtime.Get<DurableTaskClient>(), CancellationToken.None);
        var api = new ApiClient(runtime.Http);
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var (approveStatus, approveBody) = await InvokeAsync(f => f.ApproveVersionRequest(
            NewRequest("POST", """{"comment": "via function"}""", principal: "frank"), runtime.Get<DurableTaskClient>(), model, "v1"));
        Assert.Equal(HttpStatusCode.Accepted, approveStatus);
        Assert.Equal("approve", approveBody!["action"]!.GetValue<string>());
        await api.WaitForStateAsync(model, "v1", "Production/");

        var (productionStatus, served, production) = await new FunctionCalls(runtime).InvokeAsync(
            new ModelHttpFunctions(runtime.Get<ModelApi>()).GetProduction(NewRequest("GET"), model));
        Assert.Equal(HttpStatusCode.OK, productionStatus);
        // The serving cache's headers reach the Functions app's answer too: the default one-second bound, and the pointer's tag.
        Assert.Equal("private, max-age=1", served.Headers.CacheControl.ToString());
        Assert.StartsWith("\"", served.Headers.ETag.ToString(), StringComparison.Ordinal);
        Assert.Equal("v1", production!["version"]!.GetValue<string>());
        // The tested copy in the vault, named by its digest, not the upload (which anyone with upload rights may overwrite).
        Assert.EndsWith($"/vault/{model}/{production["sha256"]!.GetValue<string>()}", production["blobUri"]!.GetValue<string>());
        var (_, history) = await InvokeAsync(f => f.GetHistory(NewRequest("GET"), model));
        Assert.Equal("frank", history!.AsArray()[0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task HttpFunctions_BadInput_AnswerProblemJson()
    {
        var client = runtime.Get<DurableTaskClient>();
        var cases = new (Func<ModelHttpFunctions, Task<IActionResult>> Call, HttpStatusCode Expected)[]
        {
            (f => f.GetModel(NewRequest("GET"), "NOT_VALID"), HttpStatusCode.BadRequest),
            (f => f.GetModel(NewRequest("GET"), "absent-model"), HttpStatusCode.NotFound),
            (f => f.GetVersion(NewRequest("GET"), client, "absent-model", "v/1"), HttpStatusCode.BadRequest),
            (f => f.ApproveVersionRequest(NewRequest("POST", "[1,2"), client, "absent-model", "v1"), HttpStatusCode.BadRequest),
            (f => f.RejectVersionRequest(NewRequest("POST", """{"reason": "no"}"""), client, "absent-model", "v1"), HttpStatusCode.NotFound),
            (f => f.RetestVersionRequest(NewRequest("POST"), client, "absent-model", "v1"), HttpStatusCode.NotFound),
        };

        foreach (var (call, expected) in cases)
        {
            var context = new DefaultHttpContext { RequestServices = runtime.Runtime.App.Services };
            context.Response.Body = new MemoryStream();
            var result = await call(new ModelHttpFunctions(runtime.Get<ModelApi>()));
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
            Assert.Equal((int)expected, context.Response.StatusCode);
            Assert.StartsWith("application/problem+json", context.Response.ContentType);
        }
    }

    [Fact]
    public async Task CleanupArchives_Timer_RunsTheCleanupAndReportsIt()
    {
        var model = TestUploads.NewModelName();
        var api = new ApiClient(runtime.Http);
        foreach (var version in new[] { "v1", "v2" })
        {
            var blob = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed: version.Length + version[1]));
            await new RegisterUploadedModel(runtime.Get<UploadRegistrar>()).RunAsync(blob, runtime.Get<DurableTaskClient>(), CancellationToken.None);
            await api.WaitForStateAsync(model, version, "Staging/AwaitingApproval");
            await api.PostAsync($"api/models/{model}/versions/{version}/approve");
            await api.WaitForStateAsync(model, version, "Production/");
        }

        var function = new Pipeline.Functions.Timers.CleanupArchives(runtime.Get<Pipeline.Workflow.Cleanup.CleanupRunner>());
        var report = await function.RunAsync(new Microsoft.Azure.Functions.Worker.TimerInfo(), runtime.Get<DurableTaskClient>(), CancellationToken.None);

        // v1 is archived but newer than the 30-day window: examined, kept.
        Assert.True(report.ArchivedExamined >= 1);
        Assert.DoesNotContain(report.Purged, p => p.Model == model);
        Assert.Equal("Archived/", await api.StateOfAsync(model, "v1"));
    }

    [Fact]
    public async Task RollbackModel_SameIdempotencyKeyTwice_RollsBackOnceAndReplaysTheAnswer()
    {
        var model = TestUploads.NewModelName();
        var api = new ApiClient(runtime.Http);
        foreach (var version in new[] { "v1", "v2" })
        {
            var blob = await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed: 20 + version[1]));
            await new RegisterUploadedModel(runtime.Get<UploadRegistrar>()).RunAsync(blob, runtime.Get<DurableTaskClient>(), CancellationToken.None);
            await api.WaitForStateAsync(model, version, "Staging/AwaitingApproval");
            await api.PostAsync($"api/models/{model}/versions/{version}/approve");
            await api.WaitForStateAsync(model, version, "Production/");
        }

        var calls = new FunctionCalls(runtime);
        var key = Guid.NewGuid().ToString();
        HttpRequest Rollback()
        {
            var request = calls.NewRequest("POST", """{"expectedCurrent": "v2"}""", (IdentityHeaders.PrincipalName, "oncall"), (IdempotentRequests.KeyHeader, key));
            request.Path = $"/api/models/{model}/rollback";
            return request;
        }

        var functions = new ModelHttpFunctions(runtime.Get<ModelApi>());
        var (firstStatus, first, firstBody) = await calls.InvokeAsync(functions.RollbackModel(Rollback(), model));
        var (againStatus, again, againBody) = await calls.InvokeAsync(functions.RollbackModel(Rollback(), model));

        Assert.Equal(HttpStatusCode.OK, firstStatus);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.False(first.Headers.ContainsKey(IdempotentRequests.ReplayedHeader));
        Assert.Equal("true", again.Headers[IdempotentRequests.ReplayedHeader].ToString());
        Assert.Equal(first.ContentType, again.ContentType);
        Assert.StartsWith("application/json", first.ContentType, StringComparison.Ordinal);
        Assert.Equal(firstBody!.ToJsonString(), againBody!.ToJsonString());
        Assert.Equal("v1", firstBody["version"]!.GetValue<string>());
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "rolledBack");
    }

    private HttpRequest NewRequest(string method, string? body = null, string? principal = null) =>
        new FunctionCalls(runtime).NewRequest(method, body, principal is null ? [] : [(IdentityHeaders.PrincipalName, principal)]);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> InvokeAsync(Func<ModelHttpFunctions, Task<IActionResult>> call)
    {
        var (status, _, body) = await new FunctionCalls(runtime).InvokeAsync(call(new ModelHttpFunctions(runtime.Get<ModelApi>())));
        return (status, body);
    }
}
