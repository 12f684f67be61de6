using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Local.Tests;

/// <summary>
/// The staging tests that test the model, end to end on the local runtime process with the shipped
/// samples: a policy with an evaluation, thresholds, a regression gate and a latency budget; v1
/// passes, v2 is better, v3 is stopped by the regression gate, v4 by the serving contract, and a
/// broken file does not load.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StagingEvaluationEndToEndTests(AzuriteFixture azurite)
{
    private const string Policy = """
        {
          "evaluation": { "dataset": "credit/eval.csv", "task": "binary-classification", "label": "label" },
          "thresholds": { "accuracy": { "min": 0.80 } },
          "maxRegression": { "accuracy": 0.02 },
          "latency": { "p95Ms": 250, "rows": 50 }
        }
        """;

    [Fact]
    public async Task Story_PolicyGates_V1PassesV2BetterV3RegressesV4BreaksContractBrokenDoesNotLoad()
    {
        await using var runtime = await LocalRuntimeProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TASKHUB_NAME"] = PipelineRuntime.NewTaskHubName(),
        });
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("credit");
        var (exitCode, output) = await LocalRuntimeProcess.RunUploadAsync(
            new Dictionary<string, string> { ["AzureWebJobsStorage"] = azurite.ConnectionString },
            Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "datasets", "credit-eval.csv"), "credit/eval.csv", "--container", "datasets");
        Assert.True(exitCode == 0, output);
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"api/models/{model}/policy") { Content = new StringContent(Policy) })
        {
            put.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "owner@example.com");
            using var response = await runtime.Http.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var v1 = await UploadAndWaitAsync(api, model, "v1", "credit-risk-v1.onnx", "Staging/AwaitingApproval");
        Assert.True(v1["passed"]!.GetValue<bool>());
        var evaluation = ApiClient.ReportCheck(v1, "evaluation");
        Assert.Equal(0.836, evaluation["metrics"]!["accuracy"]!.GetValue<double>(), 3);
        Assert.Equal("skipped", ApiClient.ReportCheck(v1, "championChallenger")["outcome"]!.GetValue<string>());
        Assert.Equal("passed", ApiClient.ReportCheck(v1, "latency")["outcome"]!.GetValue<string>());
        Assert.True(ApiClient.ReportCheck(v1, "latency")["p95Ms"]!.GetValue<double>() > 0);
        await ApproveAsync(api, model, "v1");

        var v2 = await UploadAndWaitAsync(api, model, "v2", "credit-risk-v2.onnx", "Staging/AwaitingApproval");
        var champion = ApiClient.ReportCheck(v2, "championChallenger");
        Assert.Equal("passed", champion["outcome"]!.GetValue<string>());
        Assert.Equal(0.852, champion["metrics"]!["candidate"]!["accuracy"]!.GetValue<double>(), 3);
        Assert.Equal(0.836, champion["metrics"]!["production"]!["accuracy"]!.GetValue<double>(), 3);
        await ApproveAsync(api, model, "v2");

        var v3 = await UploadAndWaitAsync(api, model, "v3", "credit-risk-v3.onnx", "Staging/TestsFailed");
        Assert.False(v3["passed"]!.GetValue<bool>());
        Assert.Equal("failed", ApiClient.ReportCheck(v3, "championChallenger")["outcome"]!.GetValue<string>());
        var v3Version = await api.GetJsonAsync($"api/models/{model}/versions/v3");
        Assert.Contains("championChallenger", v3Version["statusReason"]!.GetValue<string>());

        var v4 = await UploadAndWaitAsync(api, model, "v4", "credit-risk-v4.onnx", "Staging/TestsFailed");
        var signature = ApiClient.ReportCheck(v4, "signature");
        Assert.Equal("failed", signature["outcome"]!.GetValue<string>());
        Assert.Contains("features", signature["reason"]!.GetValue<string>());

        var broken = await UploadAndWaitAsync(api, model, "v5", "broken.onnx", "Staging/TestsFailed");
        Assert.Equal("failed", ApiClient.ReportCheck(broken, "loads")["outcome"]!.GetValue<string>());
        Assert.Equal("skipped", ApiClient.ReportCheck(broken, "evaluation")["outcome"]!.GetValue<string>());

        Assert.Equal("v2", (await api.GetJsonAsync($"api/models/{model}/production"))["version"]!.GetValue<string>());
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        var policyChange = Assert.Single(history, h => h!["action"]!.GetValue<string>() == "policyChanged")!;
        Assert.Equal("owner@example.com", policyChange["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Policy_InvalidDocument_Answers400NamingEveryFieldAndKeepsThePrevious()
    {
        await using var runtime = await LocalRuntimeProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TASKHUB_NAME"] = PipelineRuntime.NewTaskHubName(),
        });
        var model = TestUploads.NewModelName("pol");
        using (var first = await runtime.Http.PutAsync($"api/models/{model}/policy", new StringContent(Policy)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        const string bad = """
            { "evaluation": { "dataset": "../x.csv", "task": "ranking", "label": "y" },
              "thresholds": { "rmse": { "max": -1 }, "accuracy": { "min": 0.9, "max": 0.1 } },
              "latency": { "p95Ms": 0, "rows": 0 }, "colour": "blue" }
            """;
        using var response = await runtime.Http.PutAsync($"api/models/{model}/policy", new StringContent(bad));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var fields = problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("evaluation.dataset", fields);
        Assert.Contains("evaluation.task", fields);
        Assert.Contains("latency.p95Ms", fields);
        Assert.Contains("latency.rows", fields);
        Assert.Contains("colour", fields);
        var kept = await new ApiClient(runtime.Http).GetJsonAsync($"api/models/{model}/policy");
        Assert.Equal("credit/eval.csv", kept["evaluation"]!["dataset"]!.GetValue<string>());
    }

    private async Task<JsonNode> UploadAndWaitAsync(ApiClient api, string model, string version, string sample, string expected)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "models", sample));
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", bytes);
        await api.WaitForStateAsync(model, version, expected, TimeSpan.FromSeconds(60));
        return await api.GetJsonAsync($"api/models/{model}/versions/{version}/report");
    }

    private static async Task ApproveAsync(ApiClient api, string model, string version)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/{version}/approve", "{}", "approver")).Status);
        await api.WaitForStateAsync(model, version, "Production/");
    }
}
