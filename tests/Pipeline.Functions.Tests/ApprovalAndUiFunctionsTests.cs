using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Pipeline.Api.Http;
using Pipeline.Functions.Http;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The inbox and the page through the Functions app's own function classes: the same answers, and the same
/// bytes and headers, as the local runtime serves.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApprovalAndUiFunctionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private PipelineRuntime runtime = null!;

    public async Task InitializeAsync() => runtime = await PipelineRuntime.StartAsync(azurite);

    public async Task DisposeAsync() => await runtime.DisposeAsync();

    private FunctionCalls Calls => new(runtime);

    [Fact]
    public async Task NotifyUpload_UploadedBlob_Answers202AndRegisters_MissingBlob404()
    {
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        var functions = new UploadHttpFunctions(runtime.Get<UploadApi>());
        var client = runtime.Get<Microsoft.DurableTask.Client.DurableTaskClient>();

        var (status, response, body) = await Calls.InvokeAsync(functions.NotifyUpload(Calls.NewRequest("POST", $$"""{"blobPath": "{{model}}/v1/model.onnx"}"""), client));
        var (missing, _, problem) = await Calls.InvokeAsync(functions.NotifyUpload(Calls.NewRequest("POST", $$"""{"blobPath": "{{model}}/v2/model.onnx"}"""), client));

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains(body!["disposition"]!.GetValue<string>(), new[] { "registered", "duplicate" });
        Assert.Equal($"/api/models/{model}/versions/v1", response.Headers.Location.ToString());
        await new ApiClient(runtime.Http).WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("No such upload", problem!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListApprovals_PendingVersion_ListedAsTheLocalRuntimeListsIt()
    {
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        var api = new ApiClient(runtime.Http);
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var functions = new ApprovalHttpFunctions(runtime.Get<ApprovalsApi>());
        var request = Calls.NewRequest("GET");
        request.QueryString = new QueryString("?status=pending&limit=1000");

        var (status, _, body) = await Calls.InvokeAsync(functions.ListApprovals(request));
        var local = await api.GetJsonAsync("api/approvals?status=pending&limit=1000");

        Assert.Equal(HttpStatusCode.OK, status);
        var listed = Assert.Single(body!.AsArray(), p => p!["model"]!.GetValue<string>() == model)!;
        Assert.Equal("v1", listed["version"]!.GetValue<string>());
        Assert.Equal(local.AsArray().Single(p => p!["model"]!.GetValue<string>() == model)!.ToJsonString(), listed.ToJsonString());
    }

    [Fact]
    public async Task ListApprovals_BadStatus_Is400ProblemJson()
    {
        var request = Calls.NewRequest("GET");
        request.QueryString = new QueryString("?status=everything");

        var (status, response, body) = await Calls.InvokeAsync(new ApprovalHttpFunctions(runtime.Get<ApprovalsApi>()).ListApprovals(request));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("Invalid request", body!["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(nameof(UiHttpFunctions.GetUiPage), "api/ui/")]
    [InlineData(nameof(UiHttpFunctions.GetUiScript), "api/ui/app.js")]
    [InlineData(nameof(UiHttpFunctions.GetUiStyles), "api/ui/app.css")]
    [InlineData(nameof(UiHttpFunctions.GetUiIcon), "api/ui/icon.svg")]
    public async Task UiFunctions_ServeTheLocalRuntimesBytesAndHeaders(string function, string path)
    {
        var functions = new UiHttpFunctions(runtime.Get<UiApi>());
        var request = Calls.NewRequest("GET");
        var result = (IActionResult)typeof(UiHttpFunctions).GetMethod(function)!.Invoke(functions, [request])!;

        var context = new DefaultHttpContext { RequestServices = runtime.Runtime.App.Services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        using var local = await runtime.Http.GetAsync(path);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(await local.Content.ReadAsByteArrayAsync(), body.ToArray());
        Assert.Equal(local.Content.Headers.ContentType!.ToString(), context.Response.ContentType);
        Assert.Equal(UiApi.ContentSecurityPolicy, context.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal(local.Headers.GetValues("Content-Security-Policy").Single(), context.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal(local.Headers.ETag!.ToString(), context.Response.Headers.ETag.ToString());
        Assert.Equal("no-cache", context.Response.Headers.CacheControl.ToString());
    }
}
