using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests.Mlflow;

/// <summary>
/// The MLflow registry routes on the local runtime (bearer tokens minted here, Azurite, the real engine), replaying
/// the requests MLflow's clients send: every status, error code and field they read, and the gate behind
/// transition-stage.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MlflowRegistryTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>, IAsyncLifetime
{
    private static readonly HttpClient Storage = new();
    private static readonly string Reader = TestTokens.Mint("rita@example.com");
    private static readonly string Uploader = TestTokens.Mint("ursula@example.com", ["Pipeline.Uploader"]);
    private static readonly string Approver = TestTokens.Mint("walter@example.com", ["Pipeline.Approver"]);
    private static readonly string Operator = TestTokens.Mint("otto@example.com", ["Pipeline.Operator"]);

    private PipelineRuntime runtime = null!;
    private MlflowCalls mlflow = null!;

    public async Task InitializeAsync()
    {
        runtime = await shared.StartOnceAsync(azurite, TestTokens.JwtSettings);
        mlflow = new MlflowCalls(runtime.Http);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RegisteredModels_CreateGetUpdateTags_AnswerMlflowsShapes()
    {
        var name = TestUploads.NewModelName("ml");

        var created = (await mlflow.SendAsync("POST", "registered-models/create", new
        {
            name,
            description = "Churn classifier",
            tags = new[] { new { key = "team", value = "growth" } },
        }, Uploader)).Ok()["registered_model"]!;

        Assert.Equal(name, created["name"]!.GetValue<string>());
        Assert.Equal("Churn classifier", created["description"]!.GetValue<string>());
        Assert.Equal("growth", created["tags"]!.AsArray().Single()!["value"]!.GetValue<string>());
        Assert.InRange(created["creation_timestamp"]!.GetValue<long>(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1);
        Assert.Empty(created["latest_versions"]!.AsArray());

        var again = await mlflow.SendAsync("POST", "registered-models/create", new { name }, Uploader);
        Assert.Contains(name, again.Error(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS"), StringComparison.Ordinal);

        (await mlflow.SendAsync("PATCH", "registered-models/update", new { name, description = "Churn, v2 features" }, Uploader)).Ok();
        (await mlflow.SendAsync("POST", "registered-models/set-tag", new { name, key = "tier", value = "gold" }, Uploader)).Ok();
        (await mlflow.SendAsync("DELETE", "registered-models/delete-tag", new { name, key = "team" }, Uploader)).Ok();
        var got = (await mlflow.SendAsync("GET", "registered-models/get", new { name }, Reader)).Ok()["registered_model"]!;

        Assert.Equal("Churn, v2 features", got["description"]!.GetValue<string>());
        Assert.Equal(["tier=gold"], got["tags"]!.AsArray().Select(t => $"{t!["key"]}={t["value"]}"));
        (await mlflow.SendAsync("DELETE", "registered-models/delete-tag", new { name, key = "team" }, Uploader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.SendAsync("GET", "registered-models/get", new { name = name + "-nope" }, Reader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task SearchRegisteredModels_LikeFilterWithThePromptClause_PagesThroughEveryMatchOnce()
    {
        var prefix = TestUploads.NewModelName("srch");
        var names = Enumerable.Range(1, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in names)
        {
            (await mlflow.SendAsync("POST", "registered-models/create", new { name }, Uploader)).Ok();
        }

        (await mlflow.SendAsync("POST", "registered-models/set-tag", new { name = names[4], key = "mlflow.prompt.is_prompt", value = "true" }, Uploader)).Ok();
        var filter = $"name LIKE '{prefix}-%' AND tag.`mlflow.prompt.is_prompt` != 'true'";
        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = (await mlflow.SendAsync("GET", "registered-models/search", token is null
                ? new { filter, max_results = "2" }
                : (object)new { filter, max_results = "2", page_token = token }, Reader)).Ok();
            seen.AddRange(page["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
            token = page["next_page_token"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        Assert.Equal(names.Take(4), seen);
        Assert.Equal(2, pages);
        var exact = (await mlflow.SendAsync("GET", "registered-models/search", new { filter = $"name = '{names[1]}'" }, Reader)).Ok();
        Assert.Equal([names[1]], exact["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        Assert.Null(exact["next_page_token"]);

        (await mlflow.SendAsync("GET", "registered-models/search", new { filter = "name ~ 'x'" }, Reader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("GET", "registered-models/search", new { filter = "owner = 'x'" }, Reader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("GET", "registered-models/search", new { page_token = "not-a-token" }, Reader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("GET", "registered-models/search", new { max_results = "0" }, Reader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Story_TwoVersionsFromBlobSources_GoThroughTheGateAndV2ArchivesV1()
    {
        var name = TestUploads.NewModelName("story");
        (await mlflow.SendAsync("POST", "registered-models/create", new { name, description = "From MLflow" }, Uploader)).Ok();
        var folder = $"{name}/runs/7/artifacts/model";
        await PutSourceAsync($"{folder}/model.onnx", TestUploads.SampleModelBytes());
        await PutSourceAsync($"{folder}/MLmodel", System.Text.Encoding.UTF8.GetBytes(
            "artifact_path: model\nflavors:\n  onnx:\n    data: model.onnx\n    onnx_version: 1.16.1\nrun_id: 7a7a7a7a\n"));
        await PutSourceAsync($"{name}/v2.onnx", TestUploads.SampleModelBytes(seed: 2));
        var account = azurite.Blobs.AccountName;

        // MLflow's Azure artifact URIs (wasbs) and plain blob URIs both name a source in the app's account.
        var created = (await mlflow.SendAsync("POST", "model-versions/create", new
        {
            name,
            source = $"wasbs://mlflow-artifacts@{account}.blob.core.windows.net/{folder}",
            tags = new[] { new { key = "dataset", value = "2026-11" } },
            description = "first",
        }, Uploader)).Ok()["model_version"]!;
        Assert.Equal("1", created["version"]!.GetValue<string>());
        Assert.Contains(created["status"]!.GetValue<string>(), new[] { "PENDING_REGISTRATION", "READY" });
        Assert.Equal("7a7a7a7a", created["run_id"]!.GetValue<string>());
        var second = (await mlflow.SendAsync("POST", "model-versions/create", new { name, source = $"{azurite.Blobs.Uri.AbsoluteUri.TrimEnd('/')}/mlflow-artifacts/{name}/v2.onnx" }, Uploader)).Ok();
        Assert.Equal("2", second["model_version"]!["version"]!.GetValue<string>());

        var v1 = (await WaitForStatusTagAsync(name, 1, "AwaitingApproval"))["model_version"]!;
        await WaitForStatusTagAsync(name, 2, "AwaitingApproval");
        Assert.Equal("READY", v1["status"]!.GetValue<string>());
        Assert.Equal("first", v1["description"]!.GetValue<string>());
        Assert.Contains(v1["tags"]!.AsArray(), t => $"{t!["key"]}={t["value"]}" == "dataset=2026-11");
        Assert.Contains(v1["tags"]!.AsArray(), t => $"{t!["key"]}={t["value"]}" == "pipeline.label=1");
        Assert.Equal("ursula@example.com", v1["user_id"]!.GetValue<string>());

        // Unreadable sources end FAILED_REGISTRATION, with the reason; sources that are no blob URI are a 400.
        var missing = (await mlflow.SendAsync("POST", "model-versions/create", new { name, source = $"{azurite.Blobs.Uri.AbsoluteUri.TrimEnd('/')}/mlflow-artifacts/nothing/here.onnx" }, Uploader))
            .Ok()["model_version"]!;
        Assert.Equal("FAILED_REGISTRATION", missing["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(missing["status_message"]!.GetValue<string>()));
        Assert.Equal("FAILED_REGISTRATION", (await mlflow.SendAsync("GET", "model-versions/get", new { name, version = missing["version"]!.GetValue<string>() }, Reader)).Ok()["model_version"]!["status"]!.GetValue<string>());
        (await mlflow.SendAsync("POST", "model-versions/create", new { name, source = "ftp://example/model.onnx" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("POST", "model-versions/create", new { name }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("POST", "model-versions/create", new { name = name + "-none", source = "wasbs://a@b.blob.core.windows.net/x" }, Uploader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.SendAsync("POST", "model-versions/create", new { name, source = "wasbs://a@b.blob.core.windows.net/x" }, Reader)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        // The creator is the verified uploader: no approving their own version, whatever roles they hold.
        var transition = new { name, version = "1", stage = "Production", archive_existing_versions = true };
        (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition, Uploader)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var self = TestTokens.Mint("ursula@example.com", ["Pipeline.Uploader", "Pipeline.Approver"]);
        (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition, self)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Equal("Production", (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition, Approver)).Ok()["model_version"]!["current_stage"]!.GetValue<string>());
        Assert.Equal("Production", (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { version = "2" }, Approver)).Ok()["model_version"]!["current_stage"]!.GetValue<string>());

        var versions = (await mlflow.SendAsync("GET", "model-versions/search", new { filter = $"name = '{name}'" }, Reader)).Ok()["model_versions"]!.AsArray();
        Assert.Equal(["3:Staging:FAILED_REGISTRATION", "2:Production:READY", "1:Archived:READY"], versions.Select(v => $"{v!["version"]}:{v["current_stage"]}:{v["status"]}"));
        Assert.Equal("2", (await mlflow.SendAsync("GET", "registered-models/alias", new { name, alias = "champion" }, Reader)).Ok()["model_version"]!["version"]!.GetValue<string>());
        var byRun = (await mlflow.SendAsync("GET", "model-versions/search", new { filter = $"name = '{name}' AND run_id = '7a7a7a7a'" }, Reader)).Ok()["model_versions"]!.AsArray();
        Assert.Equal(["1"], byRun.Select(v => v!["version"]!.GetValue<string>()));
    }

    [Fact]
    public async Task EveryOperation_NoToken_Answers401InMlflowsShape()
    {
        var operations = runtime.Get<Api.Mlflow.MlflowApi>().Operations.Order(StringComparer.Ordinal).ToList();

        Assert.Equal(23, operations.Count);
        foreach (var operation in operations)
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
            var answer = await mlflow.SendAsync(method, path, new { name = "credit-risk", version = "1" }, token: null);
            answer.Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        }
    }

    [Fact]
    public async Task MethodsNoOperationTakes_PutOptionsHead_AreMlflowErrorsNotTheCatchAllsProblem()
    {
        // Found by the HTTP fuzz (Faults/HttpFuzzTests): these methods fell through to the API's catch-all problem+json.
        (await mlflow.SendAsync("PUT", "registered-models/get", new { name = "credit-risk" }, Reader)).Error(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        (await mlflow.SendAsync("OPTIONS", "registered-models/search", null, Reader)).Error(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        (await mlflow.SendAsync("PUT", "registered-models/create", new { name = "credit-risk" }, token: null)).Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");

        using var head = new HttpRequestMessage(HttpMethod.Head, "api/2.0/mlflow/registered-models/get?name=credit-risk");
        head.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Reader);
        using var answer = await runtime.Http.SendAsync(head);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Refusals_AreMlflowErrorsNeverProblemDocuments()
    {
        var name = TestUploads.NewModelName("ml");

        (await mlflow.SendAsync("GET", "registered-models/get", new { name }, token: null)).Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        (await mlflow.SendAsync("GET", "registered-models/get", new { name }, TestTokens.Mint("eve@example.com", key: TestTokens.OtherKey))).Error(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var denied = (await mlflow.SendAsync("POST", "registered-models/create", new { name }, Reader)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Contains("Pipeline.Uploader", denied, StringComparison.Ordinal);
        (await mlflow.SendAsync("GET", "registered-models/nope", new { name }, Reader)).Error(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        (await mlflow.SendAsync("DELETE", "registered-models/get", new { name }, Reader)).Error(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        var missing = (await mlflow.SendAsync("POST", "registered-models/create", new { description = "no name" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'name'", missing, StringComparison.Ordinal);
        (await mlflow.SendRawAsync("POST", "registered-models/create", "{\"name\": ", "application/json", Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendRawAsync("POST", "registered-models/create", "[1, 2]", "application/json", Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("POST", "registered-models/create", new { name = "../etc" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("POST", "registered-models/create", new { name, tags = "team=growth" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        (await mlflow.SendAsync("POST", "registered-models/create", new { name }, Uploader)).Ok();
        var notNumber = (await mlflow.SendAsync("GET", "model-versions/get", new { name, version = "v1" }, Reader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("'v1'", notNumber, StringComparison.Ordinal);
        (await mlflow.SendAsync("GET", "model-versions/get", new { name, version = "99" }, Reader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.SendAsync("GET", "model-versions/get", new { name = name + "-x", version = "1" }, Reader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task TransitionStage_ThroughTheGate_PromotesV2AndArchivesV1()
    {
        var name = TestUploads.NewModelName("ml");
        await PushAsync(name, "v1", TestUploads.SampleModelBytes());
        var v1 = (await WaitForStatusTagAsync(name, 1, "AwaitingApproval"))["model_version"]!;

        Assert.Equal("1", v1["version"]!.GetValue<string>());
        Assert.Equal("READY", v1["status"]!.GetValue<string>());
        Assert.Equal("Staging", v1["current_stage"]!.GetValue<string>());
        Assert.Equal("ursula@example.com", v1["user_id"]!.GetValue<string>());
        Assert.Contains(v1["tags"]!.AsArray(), t => t!["key"]!.GetValue<string>() == "pipeline.label" && t["value"]!.GetValue<string>() == "v1");

        // Whoever asks, the stage means the gate: an uploader may not approve, the version's uploader may not either.
        var transition = new { name, version = "1", stage = "Production", archive_existing_versions = false };
        (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition, Uploader)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var self = TestTokens.Mint("ursula@example.com", ["Pipeline.Uploader", "Pipeline.Approver"]);
        var sod = (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition, self)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Contains("uploaded", sod, StringComparison.OrdinalIgnoreCase);
        (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { stage = "None" }, Approver)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { stage = "Prod" }, Approver)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        var promoted = (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { stage = "production" }, Approver)).Ok()["model_version"]!;
        Assert.Equal("Production", promoted["current_stage"]!.GetValue<string>());
        Assert.Equal(["champion"], promoted["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));

        await PushAsync(name, "v2", TestUploads.SampleModelBytes(seed: 2));
        await WaitForStatusTagAsync(name, 2, "AwaitingApproval");
        // The approver repeating their transition changes nothing; another's is too late: v1 was decided.
        Assert.Equal("Production", (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition, Approver)).Ok()["model_version"]!["current_stage"]!.GetValue<string>());
        var late = (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition, TestTokens.Mint("ada@example.com", ["Pipeline.Approver"])))
            .Error(HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        Assert.Contains("walter@example.com", late, StringComparison.Ordinal);
        var v2 = (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { version = "2" }, Approver)).Ok()["model_version"]!;

        Assert.Equal("Production", v2["current_stage"]!.GetValue<string>());
        var archived = (await mlflow.SendAsync("GET", "model-versions/get", new { name, version = "1" }, Reader)).Ok()["model_version"]!;
        Assert.Equal("Archived", archived["current_stage"]!.GetValue<string>());
        Assert.Empty(archived["aliases"]!.AsArray());
        var latest = (await mlflow.SendAsync("POST", "registered-models/get-latest-versions", new { name }, Reader)).Ok()["model_versions"]!.AsArray();
        Assert.Equal(["1:Archived", "2:Production"], latest.Select(v => $"{v!["version"]}:{v["current_stage"]}"));
        var onlyProduction = (await mlflow.SendAsync("POST", "registered-models/get-latest-versions", new { name, stages = new[] { "Production" } }, Reader)).Ok();
        Assert.Equal(["2"], onlyProduction["model_versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        var model = (await mlflow.SendAsync("GET", "registered-models/get", new { name }, Reader)).Ok()["registered_model"]!;
        Assert.Equal("2", model["latest_versions"]!.AsArray().Single()!["version"]!.GetValue<string>());
        Assert.Equal("champion=2", model["aliases"]!.AsArray().Select(a => $"{a!["alias"]}={a["version"]}").Single());

        // Archived is set by promotions and rollbacks only; Staging on an archived version is no retest.
        var byHand = (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { version = "2", stage = "Archived" }, Approver))
            .Error(HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        Assert.Contains("next promotion", byHand, StringComparison.Ordinal);
        (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { version = "1", stage = "Staging" }, Operator)).Error(HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        (await mlflow.SendAsync("POST", "model-versions/transition-stage", transition with { version = "1", stage = "Staging" }, Approver)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var uri = (await mlflow.SendAsync("GET", "model-versions/get-download-uri", new { name, version = "2" }, Reader)).Ok()["artifact_uri"]!.GetValue<string>();
        Assert.Contains("/vault/", uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransitionStage_StagingOnFailedTests_StartsARetest()
    {
        var name = TestUploads.NewModelName("ml");
        await PushAsync(name, "v1", TestUploads.SomeModelBytes());
        await WaitForStatusTagAsync(name, 1, "TestsFailed");

        var retested = (await mlflow.SendAsync("POST", "model-versions/transition-stage", new { name, version = "1", stage = "Staging" }, Operator)).Ok()["model_version"]!;

        Assert.Equal("Staging", retested["current_stage"]!.GetValue<string>());
        var round = await Eventually.WaitAsync(
            () => new ApiClient(As(Operator)).GetJsonAsync($"api/models/{name}/versions/v1"), v => v["attempt"]!.GetValue<int>() == 2, TimeSpan.FromSeconds(30), "round 2");
        Assert.Equal(1, round["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task AliasesTagsAndSearch_OnVersions_FollowMlflowsRules()
    {
        var name = TestUploads.NewModelName("ml");
        await PushAsync(name, "a", TestUploads.SomeModelBytes(seed: 1));
        await PushAsync(name, "b", TestUploads.SomeModelBytes(seed: 2));
        await WaitForStatusTagAsync(name, 2, "TestsFailed");

        (await mlflow.SendAsync("POST", "registered-models/alias", new { name, alias = "challenger", version = "2" }, Uploader)).Ok();
        var byAlias = (await mlflow.SendAsync("GET", "registered-models/alias", new { name, alias = "challenger" }, Reader)).Ok()["model_version"]!;
        Assert.Equal("2", byAlias["version"]!.GetValue<string>());
        Assert.Equal(["challenger"], byAlias["aliases"]!.AsArray().Select(a => a!.GetValue<string>()));
        var champion = (await mlflow.SendAsync("POST", "registered-models/alias", new { name, alias = "champion", version = "1" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("production version", champion, StringComparison.Ordinal);
        (await mlflow.SendAsync("DELETE", "registered-models/alias", new { name, alias = "champion" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("GET", "registered-models/alias", new { name, alias = "champion" }, Reader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.SendAsync("POST", "registered-models/alias", new { name, alias = "latest", version = "1" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("POST", "registered-models/alias", new { name, alias = "old", version = "7" }, Uploader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await mlflow.SendAsync("DELETE", "registered-models/alias", new { name, alias = "challenger" }, Uploader)).Ok();
        (await mlflow.SendAsync("GET", "registered-models/alias", new { name, alias = "challenger" }, Reader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");

        (await mlflow.SendAsync("POST", "model-versions/set-tag", new { name, version = "1", key = "reviewed", value = "yes" }, Uploader)).Ok();
        (await mlflow.SendAsync("POST", "model-versions/set-tag", new { name, version = "1", key = "pipeline.state", value = "Production" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await mlflow.SendAsync("POST", "model-versions/set-tag", new { name, version = "1", key = "x", value = "y" }, Reader)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var described = (await mlflow.SendAsync("PATCH", "model-versions/update", new { name, version = "1", description = "baseline" }, Uploader)).Ok()["model_version"]!;
        Assert.Equal("baseline", described["description"]!.GetValue<string>());

        var tagged = (await mlflow.SendAsync("GET", "model-versions/search", new { filter = $"name='{name}' AND tag.reviewed = 'yes'" }, Reader)).Ok();
        Assert.Equal(["1"], tagged["model_versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        var all = (await mlflow.SendAsync("GET", "model-versions/search", new { filter = $"name='{name}'", max_results = "1" }, Reader)).Ok();
        Assert.Equal(["2"], all["model_versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        var next = (await mlflow.SendAsync("GET", "model-versions/search", new { filter = $"name='{name}'", max_results = "1", page_token = all["next_page_token"]!.GetValue<string>() }, Reader)).Ok();
        Assert.Equal(["1"], next["model_versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        Assert.Null(next["next_page_token"]);

        (await mlflow.SendAsync("DELETE", "model-versions/delete-tag", new { name, version = "1", key = "reviewed" }, Uploader)).Ok();
        (await mlflow.SendAsync("DELETE", "model-versions/delete-tag", new { name, version = "1", key = "reviewed" }, Uploader)).Error(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        var failed = (await mlflow.SendAsync("GET", "model-versions/get", new { name, version = "1" }, Reader)).Ok()["model_version"]!;
        Assert.False(string.IsNullOrEmpty(failed["status_message"]?.GetValue<string>()));
    }

    [Fact]
    public async Task TransitionRequests_ShowInTheInboxAndAnApproverGrantsThem()
    {
        var name = TestUploads.NewModelName("ml");
        await PushAsync(name, "v1", TestUploads.SampleModelBytes());
        await WaitForStatusTagAsync(name, 1, "AwaitingApproval");

        var request = (await mlflow.SendAsync("POST", "transition-requests/create", new { name, version = "1", stage = "Production", comment = "AUC is up" }, Uploader)).Ok()["request"]!;
        Assert.Equal("Production", request["to_stage"]!.GetValue<string>());
        Assert.Equal("ursula@example.com", request["user_id"]!.GetValue<string>());
        (await mlflow.SendAsync("POST", "transition-requests/create", new { name, version = "1", stage = "Archived" }, Uploader)).Error(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var listed = (await mlflow.SendAsync("GET", "transition-requests/list", new { name, version = "1" }, Reader)).Ok()["requests"]!.AsArray();
        Assert.Equal("AUC is up", listed.Single()!["comment"]!.GetValue<string>());

        var inbox = await new ApiClient(As(Reader)).GetJsonAsync("api/approvals?status=pending");
        var pending = inbox.AsArray().Single(p => p!["model"]!.GetValue<string>() == name)!;
        Assert.Equal("AUC is up", pending["transitionRequests"]!.AsArray().Single()!["comment"]!.GetValue<string>());
        Assert.Equal(1, pending["number"]!.GetValue<int>());

        (await mlflow.SendAsync("POST", "transition-requests/approve", new { name, version = "1", stage = "Production", comment = "ok" }, Uploader)).Error(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        var activity = (await mlflow.SendAsync("POST", "transition-requests/approve", new { name, version = "1", stage = "Production", archive_existing_versions = true, comment = "ok" }, Approver)).Ok()["activity"]!;

        Assert.Equal("APPROVED_REQUEST", activity["activity_type"]!.GetValue<string>());
        Assert.Equal("walter@example.com", activity["user_id"]!.GetValue<string>());
        Assert.Equal("Production", (await mlflow.SendAsync("GET", "model-versions/get", new { name, version = "1" }, Reader)).Ok()["model_version"]!["current_stage"]!.GetValue<string>());
        Assert.Empty((await mlflow.SendAsync("GET", "transition-requests/list", new { name, version = "1" }, Reader)).Ok()["requests"]!.AsArray());
        var history = await new ApiClient(As(Reader)).GetJsonAsync($"api/models/{name}/history");
        Assert.Contains(history.AsArray(), h => h!["action"]!.GetValue<string>() == "transitionRequested" && h["actor"]!.GetValue<string>() == "ursula@example.com");

        await PushAsync(name, "v2", TestUploads.SampleModelBytes(seed: 2));
        await WaitForStatusTagAsync(name, 2, "AwaitingApproval");
        var rejected = (await mlflow.SendAsync("POST", "transition-requests/reject", new { name, version = "2", stage = "Production", comment = "not this week" }, Approver)).Ok()["activity"]!;
        Assert.Equal("REJECTED_REQUEST", rejected["activity_type"]!.GetValue<string>());
        await new ApiClient(As(Reader)).WaitForStateAsync(name, "v2", "Staging/Rejected");
    }

    // A blob in an MLflow artifact container of the app's storage account, as an MLflow run would leave it.
    private async Task PutSourceAsync(string blobName, byte[] content)
    {
        var container = azurite.Blobs.GetBlobContainerClient("mlflow-artifacts");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(content), overwrite: true);
    }

    private HttpClient As(string token)
    {
        var client = runtime.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    // An upload as the uploader makes it: through their upload intent, so they are the verified uploader.
    private async Task PushAsync(string model, string version, byte[] content)
    {
        using var uploader = As(Uploader);
        using var asked = await uploader.PostAsJsonAsync($"api/models/{model}/versions/{version}/uploads", new { fileName = "model.onnx" });
        var intent = JsonNode.Parse(await asked.Content.ReadAsStringAsync())!;
        Assert.True(asked.StatusCode == HttpStatusCode.Created, intent.ToJsonString());
        using var put = new HttpRequestMessage(HttpMethod.Put, intent["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(content) };
        put.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await Storage.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<JsonNode> WaitForStatusTagAsync(string model, int number, string status) =>
        Eventually.WaitAsync(
            async () =>
            {
                var answer = await mlflow.SendAsync("GET", "model-versions/get", new { name = model, version = number.ToString(System.Globalization.CultureInfo.InvariantCulture) }, Reader);
                return answer.Status == HttpStatusCode.OK ? answer.Body! : new JsonObject();
            },
            v => v["model_version"]?["tags"]?.AsArray().Any(t => t!["key"]!.GetValue<string>() == "pipeline.state" && t["value"]!.GetValue<string>() == status) == true,
            TimeSpan.FromSeconds(60),
            $"{model} version {number} to be {status}");
}
