using System.Net;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>The HTTP API's answers to bad and out-of-turn requests.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HttpApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Api_BadRequests_AnswerProblemJsonWithTheRightStatus()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var cases = new (string Path, string? Body, HttpStatusCode Expected, string Title)[]
        {
            ($"api/models/{model}/versions/v1/approve", "{not json", HttpStatusCode.BadRequest, "Invalid request"),
            ($"api/models/{model}/versions/v1/approve", """{"comment": 5}""", HttpStatusCode.BadRequest, "Invalid request"),
            ($"api/models/{model}/versions/v1/approve", """{"commnet": "typo"}""", HttpStatusCode.BadRequest, "Invalid request"),
            ($"api/models/{model}/versions/v1/reject", "{}", HttpStatusCode.BadRequest, "Invalid request"),
            ($"api/models/{model}/versions/v1/approve", $$"""{"comment": "{{new string('x', 20_000)}}"}""", HttpStatusCode.RequestEntityTooLarge, "Request body too large"),
            ($"api/models/{model}/versions/v9/approve", "{}", HttpStatusCode.NotFound, "Version not found"),
            ("api/models/nobody-here/versions/v1/approve", "{}", HttpStatusCode.NotFound, "Version not found"),
            ($"api/models/{model}/versions/v1/retest", null, HttpStatusCode.Conflict, "Version state does not allow this"),
            ("api/models/Bad/versions/v1/approve", "{}", HttpStatusCode.BadRequest, "Invalid name"),
            ("api/nothing/here", null, HttpStatusCode.NotFound, "Not found"),
        };

        foreach (var (path, body, expected, title) in cases)
        {
            var (status, contentType, problem) = await api.PostAsync(path, body);
            Assert.True(expected == status, $"POST {path} {body?[..Math.Min(body.Length, 40)]}: expected {expected}, got {status}");
            Assert.Equal("application/problem+json", contentType);
            Assert.Equal(title, problem!["title"]!.GetValue<string>());
            Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        }

        // None of the bad requests changed the version.
        Assert.Equal("Staging/AwaitingApproval", await api.StateOfAsync(model, "v1"));
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal(3, history.Count);
    }

    [Fact]
    public async Task Api_PolicyReplaced_HistoryListsTheChangedFields()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        foreach (var keep in new[] { 3, 5 })
        {
            using var content = new StringContent($$"""{ "retention": { "keepArchived": {{keep}} } }""");
            using var response = await runtime.Http.PutAsync(new Uri($"api/models/{model}/policy", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        var latest = history[0]!;
        Assert.Equal("policyChanged", latest["action"]!.GetValue<string>());
        var change = Assert.Single(latest["changes"]!.AsArray())!;
        Assert.Equal("retention.keepArchived", change["field"]!.GetValue<string>());
        Assert.Equal("3", change["before"]!.GetValue<string>());
        Assert.Equal("5", change["after"]!.GetValue<string>());
        Assert.Equal("registered", history[^1]!["action"]!.GetValue<string>());
        Assert.Empty(history[^1]!["changes"]!.AsArray());
    }

    [Fact]
    public async Task Approve_ByTheVersionsUploader_Is403RecordedAndTheWaitGoesOn()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(
            azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes(), new Dictionary<string, string> { ["uploadedby"] = "ursula@example.com" });
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");

        var (status, contentType, problem) = await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "Ursula@Example.com");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("Separation of duties", problem!["title"]!.GetValue<string>());
        Assert.Equal("Staging/AwaitingApproval", await api.StateOfAsync(model, "v1"));
        var refused = Assert.Single((await api.GetJsonAsync($"api/models/{model}/history")).AsArray(), h => h!["action"]!.GetValue<string>() == "approvalRefused");
        Assert.Equal("Ursula@Example.com", refused!["actor"]!.GetValue<string>());

        // The wait goes on: another approver still can.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "victor@example.com")).Status);
        await api.WaitForStateAsync(model, "v1", "Production/");
    }

    [Fact]
    public async Task Api_UnknownModel_Answers404ProblemsOnReads()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);

        foreach (var path in new[] { "api/models/ghost", "api/models/ghost/production", "api/models/ghost/history", "api/models/ghost/versions/v1" })
        {
            var (status, contentType, _) = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal("application/problem+json", contentType);
        }
    }
}
