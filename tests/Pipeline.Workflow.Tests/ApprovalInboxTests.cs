using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// GET /api/approvals and the page's files, on Azurite and the real durable engine: only versions awaiting a
/// decision, oldest first, each with its uploader, deadline, checks and metrics beside production's.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApprovalInboxTests(AzuriteFixture azurite)
{
    private static readonly string CreditEval = File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "datasets", "credit-eval.csv"));

    [Fact]
    public async Task Approvals_VersionsInEveryState_ListsOnlyThoseAwaitingADecisionOldestFirstWithTheirSummary()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var (scored, plain, broken) = (TestUploads.NewModelName("scored"), TestUploads.NewModelName("plain"), TestUploads.NewModelName("broken"));
        await TestUploads.UploadDatasetAsync(azurite.Blobs, "inbox/eval.csv", BinaryData.FromString(CreditEval));
        await PutPolicyAsync(runtime, scored, """
            {"evaluation": {"dataset": "inbox/eval.csv", "task": "binary-classification", "label": "label"}, "maxRegression": {"accuracy": 0.05}}
            """);
        await TestUploads.UploadAsync(azurite.Blobs, $"{scored}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(scored, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{scored}/versions/v1/approve", "{}", "ann@example.com")).Status);
        await api.WaitForStateAsync(scored, "v1", "Production/", TimeSpan.FromSeconds(60));

        await TestUploads.UploadAsync(azurite.Blobs, $"{scored}/v2/model.onnx", TestUploads.SampleModelBytes(sample: "credit-risk-v2.onnx"),
            new Dictionary<string, string> { ["uploadedby"] = "carol@example.com" });
        await api.WaitForStateAsync(scored, "v2", "Staging/AwaitingApproval", TimeSpan.FromSeconds(90));
        await TestUploads.UploadAsync(azurite.Blobs, $"{plain}/v1/model.onnx", TestUploads.SampleModelBytes(seed: 2));
        await TestUploads.UploadAsync(azurite.Blobs, $"{broken}/v1/model.onnx", TestUploads.SampleModelBytes(sample: "broken.onnx"));
        await api.WaitForStateAsync(plain, "v1", "Staging/AwaitingApproval", TimeSpan.FromSeconds(90));
        await api.WaitForStateAsync(broken, "v1", "Staging/TestsFailed", TimeSpan.FromSeconds(90));

        // The largest page: the versions other tests left waiting share this Azurite, and ours are the newest.
        var inbox = (await api.GetJsonAsync("api/approvals?status=pending&limit=1000")).AsArray();
        var defaulted = (await api.GetJsonAsync("api/approvals?limit=1000")).AsArray();

        var ours = inbox.Where(p => p!["model"]!.GetValue<string>() is var m && (m == scored || m == plain || m == broken)).ToList();
        Assert.Equal([$"{scored}/v2", $"{plain}/v1"], ours.Select(p => $"{p!["model"]}/{p["version"]}"));
        Assert.Equal(inbox.Count, defaulted.Count);
        var dueTimes = inbox.Select(p => p!["approvalDueAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(dueTimes.Order(), dueTimes);

        var waiting = ours[0]!;
        Assert.Equal("carol@example.com", waiting["uploadedBy"]!.GetValue<string>());
        Assert.False(waiting["uploaderVerified"]!.GetValue<bool>());
        Assert.True(waiting["approvalDueAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow);
        Assert.Equal(0, waiting["approvals"]!.GetValue<int>());
        Assert.Equal(1, waiting["requiredApprovals"]!.GetValue<int>());
        Assert.True(waiting["passed"]!.GetValue<bool>());
        Assert.Equal(
            ["integrity:passed", "loads:passed", "signature:passed", "evaluation:passed", "championChallenger:passed", "latency:skipped"],
            waiting["checks"]!.AsArray().Select(c => $"{c!["name"]}:{c["outcome"]}"));
        var against = waiting["againstProduction"]!;
        Assert.Equal("v1", against["productionVersion"]!.GetValue<string>());
        var accuracy = against["metrics"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "accuracy")!;
        Assert.Equal("sameData", accuracy["basis"]!.GetValue<string>());
        Assert.Equal(
            accuracy["candidate"]!.GetValue<double>() - accuracy["production"]!.GetValue<double>(), accuracy["difference"]!.GetValue<double>(), 9);
        Assert.True(against["signature"]!["same"]!.GetValue<bool>());
        Assert.Equal($"/api/models/{scored}/versions/v2/report", waiting["links"]!["report"]!.GetValue<string>());
        Assert.Equal($"/api/models/{scored}/versions/v2/approve", waiting["links"]!["approve"]!.GetValue<string>());

        var alone = ours[1]!["againstProduction"]!;
        Assert.Null(alone["productionVersion"]);
        Assert.Null(alone["signature"]);
        Assert.Empty(alone["metrics"]!.AsArray());
        Assert.Null(ours[1]!["uploadedBy"]);

        // The version's own page data carries the same comparison.
        var version = await api.GetJsonAsync($"api/models/{scored}/versions/v2");
        Assert.Equal(against.ToJsonString(), version["againstProduction"]!.ToJsonString());
    }

    [Theory]
    [InlineData("approved")]
    [InlineData("Pending")]
    [InlineData("")]
    public async Task Approvals_StatusOtherThanPending_Is400ProblemJson(string status)
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);

        var (code, contentType, problem) = await new ApiClient(runtime.Http).GetAsync($"api/approvals?status={status}");

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("'status' must be 'pending'", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approvals_UnderJwtWithoutAToken_Is401_WhileThePageItselfIsServed()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: TestTokens.JwtSettings);
        using var anonymous = runtime.NewClient();
        using var reader = runtime.NewClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint("reader@example.com"));

        var (refused, contentType, _) = await new ApiClient(anonymous).GetAsync("api/approvals?status=pending");
        var (badStatusAnonymous, _, _) = await new ApiClient(anonymous).GetAsync("api/approvals?status=nope");
        var (allowed, _, list) = await new ApiClient(reader).GetAsync("api/approvals?status=pending");
        using var page = await anonymous.GetAsync("api/ui/");

        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(HttpStatusCode.Unauthorized, badStatusAnonymous);
        Assert.Equal(HttpStatusCode.OK, allowed);
        Assert.IsType<JsonArray>(list);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("api/ui/", "text/html")]
    [InlineData("api/ui", "text/html")]
    [InlineData("api/ui/app.js", "text/javascript")]
    [InlineData("api/ui/app.css", "text/css")]
    [InlineData("api/ui/icon.svg", "image/svg+xml")]
    public async Task UiFiles_Served_WithTheirTypeAStrictPolicyAndRevalidation(string path, string mediaType)
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);

        using var first = await runtime.Http.GetAsync(path);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await runtime.Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mediaType, first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        var policy = first.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", first.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task UiPage_HasNoInlineScriptOrStyle_AndTheRootRedirectsToIt()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = runtime.Http.BaseAddress };

        var html = await runtime.Http.GetStringAsync("api/ui/");
        using var root = await noRedirects.GetAsync("/");

        Assert.Contains("""<script src="/api/ui/app.js" defer></script>""", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/api/ui/", root.Headers.Location?.OriginalString);
    }

    private static async Task PutPolicyAsync(PipelineRuntime runtime, string model, string policy)
    {
        using var response = await runtime.Http.PutAsync($"api/models/{model}/policy", new StringContent(policy, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
