using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// <c>Idempotency-Key</c> on the local runtime's API, over HTTP on the real durable engine: the same key again
/// answers the first response and changes nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdempotencyKeyTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>, IAsyncLifetime
{
    private PipelineRuntime runtime = null!;

    private ApiClient Api => new(runtime.Http);

    public async Task InitializeAsync() => runtime = await shared.StartOnceAsync(azurite, []);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Rollback_RepeatedWithTheSameKey_RollsBackOnceAndReplaysTheFirstAnswer()
    {
        var model = await PromotedAsync("v1", "v2");
        var body = """{"expectedCurrent": "v2", "reason": "v2 misbehaves"}""";
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync("POST", $"api/models/{model}/rollback", body, key);
        var again = await SendAsync("POST", $"api/models/{model}/rollback", body, key);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Null(first.Replayed);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.ContentType, again.ContentType);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal("v1", JsonNode.Parse(first.Body)!["version"]!.GetValue<string>());
        Assert.Equal("v1", (await Api.GetJsonAsync($"api/models/{model}/production"))["version"]!.GetValue<string>());
        Assert.Equal(1, await HistoryCountAsync(model, "rolledBack"));

        // Without the key the same request runs again, and expectedCurrent refuses it.
        var unkeyed = await SendAsync("POST", $"api/models/{model}/rollback", body);
        Assert.Equal(HttpStatusCode.Conflict, unkeyed.Status);
        Assert.Null(unkeyed.Replayed);
        Assert.Equal(1, await HistoryCountAsync(model, "rolledBack"));
    }

    [Fact]
    public async Task Rollback_TwoAtOnceWithTheSameKey_RunsOnce()
    {
        var model = await PromotedAsync("v1", "v2");
        var body = """{"expectedCurrent": "v2"}""";
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync("POST", $"api/models/{model}/rollback", body, key)));

        var ran = Assert.Single(answers, a => a.Replayed is null && a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a != ran), a => Assert.True(
            (a.Status == HttpStatusCode.OK && a.Replayed == "true" && a.Body.SequenceEqual(ran.Body))
            || (a.Status == HttpStatusCode.Conflict && Title(a) == "Request in progress"),
            $"{a.Status} {Encoding.UTF8.GetString(a.Body)}"));
        Assert.Equal(1, await HistoryCountAsync(model, "rolledBack"));
    }

    [Fact]
    public async Task SameKey_DifferentBodyOrPath_Is422NamingWhatDiffersAndRunsNothing()
    {
        var model = await PromotedAsync("v1", "v2");
        var key = Guid.NewGuid().ToString();
        var first = await SendAsync("POST", $"api/models/{model}/rollback", """{"expectedCurrent": "v9"}""", key);
        Assert.Equal(HttpStatusCode.Conflict, first.Status);

        var otherBody = await SendAsync("POST", $"api/models/{model}/rollback", """{"expectedCurrent": "v2"}""", key);
        var otherPath = await SendAsync("POST", $"api/models/{model}-b/rollback", """{"expectedCurrent": "v9"}""", key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBody.Status);
        Assert.Equal("application/problem+json", otherBody.ContentType);
        Assert.Equal("Idempotency-Key reused", Title(otherBody));
        Assert.Equal(["body"], Json(otherBody)["differs"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.NotNull(Json(otherBody)["traceId"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherPath.Status);
        Assert.Equal(["path"], Json(otherPath)["differs"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal("v2", (await Api.GetJsonAsync($"api/models/{model}/production"))["version"]!.GetValue<string>());
        Assert.Equal(0, await HistoryCountAsync(model, "rolledBack"));
    }

    [Fact]
    public async Task SameKey_AnotherCaller_RunsOnItsOwn()
    {
        var model = await PromotedAsync("v1", "v2");
        var body = """{"expectedCurrent": "v2"}""";
        var key = Guid.NewGuid().ToString();

        var ann = await SendAsync("POST", $"api/models/{model}/rollback", body, key, "ann@example.com");
        var bob = await SendAsync("POST", $"api/models/{model}/rollback", body, key, "bob@example.com");
        var annAgain = await SendAsync("POST", $"api/models/{model}/rollback", body, key, "ann@example.com");

        Assert.Equal(HttpStatusCode.OK, ann.Status);
        // Bob's request ran (his key is not Ann's): production is no longer v2, so it is refused.
        Assert.Equal(HttpStatusCode.Conflict, bob.Status);
        Assert.Null(bob.Replayed);
        Assert.Equal("Rollback refused", Title(bob));
        Assert.Equal("true", annAgain.Replayed);
        Assert.Equal(ann.Body, annAgain.Body);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\tinside")]
    [InlineData("256")]
    public async Task BadKey_Is400AndRunsNothing(string key)
    {
        var model = await PromotedAsync("v1", "v2");
        var answer = await SendAsync("POST", $"api/models/{model}/rollback", """{"expectedCurrent": "v2"}""", key == "256" ? new string('k', 256) : key);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains("Idempotency-Key", Json(answer)["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("v2", (await Api.GetJsonAsync($"api/models/{model}/production"))["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyOf255PrintableCharacters_IsAccepted()
    {
        var key = string.Concat(Enumerable.Range(0, 255).Select(i => (char)(' ' + 1 + (i % 94))));

        var first = await SendAsync("POST", "api/models/nobody-here/versions/v1/retest", null, key);
        var again = await SendAsync("POST", "api/models/nobody-here/versions/v1/retest", null, key);

        Assert.Equal(HttpStatusCode.NotFound, first.Status);
        Assert.Equal("true", again.Replayed);
    }

    [Fact]
    public async Task Post_AnsweredWith4xx_ReplaysTheSame4xx()
    {
        var model = await PromotedAsync("v1");
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync("POST", $"api/models/{model}/versions/v9/approve", "{}", key);
        var again = await SendAsync("POST", $"api/models/{model}/versions/v9/approve", "{}", key);

        Assert.Equal(HttpStatusCode.NotFound, first.Status);
        Assert.Equal("application/problem+json", first.ContentType);
        Assert.Equal("Version not found", Title(first));
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.ContentType, again.ContentType);
        // Byte for byte, the first request's traceId included.
        Assert.Equal(first.Body, again.Body);
    }

    [Fact]
    public async Task Retest_TwiceWithTheSameKey_StartsOneRound()
    {
        var model = TestUploads.NewModelName("idem");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", []);
        await Api.WaitForStateAsync(model, "v1", "Staging/TestsFailed");
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync("POST", $"api/models/{model}/versions/v1/retest", null, key);
        var again = await SendAsync("POST", $"api/models/{model}/versions/v1/retest", null, key);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal($"{model}:v1:2", Json(first)["orchestrationId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.Equal("true", again.Replayed);
        Assert.Equal(first.Body, again.Body);
        // Round 2 runs and fails like round 1 (the file is empty); no round 3 follows it.
        await Eventually.WaitAsync(() => HistoryCountAsync(model, "testsFailed"), n => n == 2, TimeSpan.FromSeconds(30), "round 2 to fail");
        Assert.Equal("Staging/TestsFailed", await Api.StateOfAsync(model, "v1"));
        Assert.Equal(2, await HistoryCountAsync(model, "testsStarted"));
        Assert.Equal($"{model}:v1:2", (await Api.GetJsonAsync($"api/models/{model}/versions/v1"))["orchestrationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutAndGet_WithAKey_RunEveryTime()
    {
        var model = await PromotedAsync("v1");
        var key = Guid.NewGuid().ToString();

        foreach (var keep in new[] { 3, 5, 3 })
        {
            var put = await SendAsync("PUT", $"api/models/{model}/policy", $$"""{ "retention": { "keepArchived": {{keep}} } }""", key);
            Assert.Equal(HttpStatusCode.OK, put.Status);
            Assert.Null(put.Replayed);
        }

        var get = await SendAsync("GET", $"api/models/{model}/policy", null, key);
        Assert.Null(get.Replayed);
        Assert.Equal(3, Json(get)["retention"]!["keepArchived"]!.GetValue<int>());
        Assert.Equal(3, await HistoryCountAsync(model, "policyChanged"));
    }

    [Fact]
    public async Task KeyedPost_BodyOverTheLimit_Is413()
    {
        var answer = await SendAsync("POST", "api/models/nobody-here/rollback", $$"""{"reason": "{{new string('x', 20_000)}}"}""", Guid.NewGuid().ToString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("Request body too large", Title(answer));
    }

    private async Task<string> PromotedAsync(params string[] versions)
    {
        var model = TestUploads.NewModelName("idem");
        var seed = 40;
        foreach (var version in versions)
        {
            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed: seed++));
            await Api.WaitForStateAsync(model, version, "Staging/AwaitingApproval");
            Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsync($"api/models/{model}/versions/{version}/approve", "{}", "approver")).Status);
            await Api.WaitForStateAsync(model, version, "Production/");
        }

        return model;
    }

    private async Task<int> HistoryCountAsync(string model, string action) =>
        (await Api.GetJsonAsync($"api/models/{model}/history")).AsArray().Count(h => h!["action"]!.GetValue<string>() == action);

    private async Task<Answer> SendAsync(string method, string path, string? body, string? key = null, string? principal = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Idempotency-Key", key));
        }

        if (principal is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", principal);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await runtime.Http.SendAsync(request);
        return new Answer(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsByteArrayAsync(),
            response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? string.Join(",", replayed) : null);
    }

    private static JsonNode Json(Answer answer) => JsonNode.Parse(answer.Body)!;

    private static string Title(Answer answer) => Json(answer)["title"]!.GetValue<string>();

    private sealed record Answer(HttpStatusCode Status, string? ContentType, byte[] Body, string? Replayed);
}
