using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Mlflow;
using Pipeline.Functions.Http;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The MLflow routes through the Functions app's own trigger: the client's requests replayed into the function, with
/// bearer tokens minted here, answered with the statuses, error codes and fields the local runtime answers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MlflowFunctionsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly string Reader = TestTokens.Mint("rita@example.com");
    private static readonly string Uploader = TestTokens.Mint("ursula@example.com", ["Pipeline.Uploader"]);
    private static readonly string Approver = TestTokens.Mint("walter@example.com", ["Pipeline.Approver"]);

    private PipelineRuntime runtime = null!;

    public async Task InitializeAsync() => runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: TestTokens.JwtSettings);

    public async Task DisposeAsync() => await runtime.DisposeAsync();

    private FunctionCalls Calls => new(runtime);

    [Fact]
    public async Task MlflowFunction_ClientSequence_AnswersAsTheLocalRuntime()
    {
        var name = TestUploads.NewModelName("fn");
        var local = new MlflowCalls(runtime.Http);

        var (created, _, createdBody) = await CallAsync("POST", "registered-models/create", $"{{\"name\": \"{name}\", \"description\": \"d\"}}", Uploader);
        Assert.Equal(HttpStatusCode.OK, created);
        Assert.Equal(name, createdBody!["registered_model"]!["name"]!.GetValue<string>());

        await AssertErrorAsync(CallAsync("POST", "registered-models/create", $"{{\"name\": \"{name}\"}}", Uploader), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        await AssertErrorAsync(CallAsync("GET", "registered-models/get", $"name={name}-x", Reader), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await AssertErrorAsync(CallAsync("GET", "registered-models/get", $"name={name}", token: null), HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        await AssertErrorAsync(CallAsync("POST", "registered-models/create", "{\"name\": \"other\"}", Reader), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertErrorAsync(CallAsync("GET", "registered-models/list", string.Empty, Reader), HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        await AssertErrorAsync(CallAsync("GET", "model-versions/get", $"name={name}&version=one", Reader), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        await TestUploads.UploadAsync(azurite.Blobs, $"{name}/v1/model.onnx", TestUploads.SampleModelBytes(), new Dictionary<string, string> { ["uploadedby"] = "ursula@example.com" });
        await Eventually.WaitAsync(
            () => local.SendAsync("GET", "model-versions/get", new { name, version = "1" }, Reader),
            a => a.Body?["model_version"]?["tags"]?.AsArray().Any(t => t!["value"]!.GetValue<string>() == "AwaitingApproval") == true,
            TimeSpan.FromSeconds(60),
            "version 1 to await approval");

        var (promoted, _, promotedBody) = await CallAsync(
            "POST", "model-versions/transition-stage", $"{{\"name\": \"{name}\", \"version\": \"1\", \"stage\": \"Production\", \"archive_existing_versions\": false}}", Approver);
        Assert.Equal(HttpStatusCode.OK, promoted);
        Assert.Equal("Production", promotedBody!["model_version"]!["current_stage"]!.GetValue<string>());

        var (_, _, viaFunction) = await CallAsync("GET", "model-versions/get", $"name={name}&version=1", Reader);
        var viaLocal = (await local.SendAsync("GET", "model-versions/get", new { name, version = "1" }, Reader)).Ok();
        Assert.Equal(viaLocal.ToJsonString(), viaFunction!.ToJsonString());
        var (_, _, searched) = await CallAsync("GET", "registered-models/search", $"filter={Uri.EscapeDataString($"name = '{name}'")}", Reader);
        Assert.Equal("champion", searched!["registered_models"]!.AsArray().Single()!["aliases"]!.AsArray().Single()!["alias"]!.GetValue<string>());
    }

    private async Task<(HttpStatusCode Status, HttpResponse Response, System.Text.Json.Nodes.JsonNode? Body)> CallAsync(string method, string operation, string fields, string? token)
    {
        var headers = token is null ? [] : new[] { ("Authorization", $"Bearer {token}") };
        var request = Calls.NewRequest(method, method == "GET" ? null : fields, headers);
        request.Path = $"/api/2.0/mlflow/{operation}";
        if (method == "GET" && fields.Length > 0)
        {
            request.QueryString = new QueryString("?" + fields);
        }

        var functions = new MlflowHttpFunctions(runtime.Get<MlflowApi>());
        return await Calls.InvokeAsync(functions.Mlflow(request, runtime.Get<DurableTaskClient>(), operation));
    }

    private static async Task AssertErrorAsync(Task<(HttpStatusCode Status, HttpResponse Response, System.Text.Json.Nodes.JsonNode? Body)> call, HttpStatusCode status, string code)
    {
        var (actual, response, body) = await call;
        Assert.Equal(status, actual);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(code, body!["error_code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["message"]!.GetValue<string>()));
    }
}
