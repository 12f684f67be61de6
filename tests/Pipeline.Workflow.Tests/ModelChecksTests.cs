using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>Bad datasets, formats and policies end as failed or skipped checks with reasons, never as a stuck or retried workflow.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelChecksTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("missing/eval.csv", null, "does not exist")]
    [InlineData("bad/columns.csv", "f0,f1,label\n0.1,0.2,1\n0.3,0.4,0\n", "3")]
    [InlineData("bad/text.csv", "f0,f1,f2,label\n0.1,abc,0.2,1\n", "abc")]
    [InlineData("bad/no-label.csv", "f0,f1,f2,target\n0.1,0.2,0.3,1\n", "label")]
    public async Task Evaluation_BadDataset_FailsWithReasonInOneRound(string dataset, string? content, string expectedInReason)
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        if (content is not null)
        {
            await TestUploads.UploadDatasetAsync(azurite.Blobs, dataset, BinaryData.FromString(content));
        }

        await PutPolicyAsync(runtime, model, $$$"""{"evaluation": {"dataset": "{{{dataset}}}", "task": "binary-classification", "label": "label"}}""");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());

        await api.WaitForStateAsync(model, "v1", "Staging/TestsFailed");
        var report = await api.GetJsonAsync($"api/models/{model}/versions/v1/report");
        var evaluation = ApiClient.ReportCheck(report, "evaluation");
        Assert.Equal("failed", evaluation["outcome"]!.GetValue<string>());
        Assert.Contains(expectedInReason, evaluation["reason"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, (await api.GetJsonAsync($"api/models/{model}/versions/v1"))["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task Evaluation_OneClassDatasetWithAucThreshold_FailsNamingTheUndefinedMetric()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadDatasetAsync(azurite.Blobs, "one/class.csv", BinaryData.FromString("f0,f1,f2,label\n0.1,0.2,0.3,1\n0.4,0.5,0.6,1\n"));
        await PutPolicyAsync(runtime, model, """{"evaluation": {"dataset": "one/class.csv", "task": "binary-classification", "label": "label"}, "thresholds": {"rocAuc": {"min": 0.7}}}""");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());

        await api.WaitForStateAsync(model, "v1", "Staging/TestsFailed");
        var evaluation = ApiClient.ReportCheck(await api.GetJsonAsync($"api/models/{model}/versions/v1/report"), "evaluation");
        Assert.Contains("rocAuc is undefined", evaluation["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonOnnxArtifact_WithoutPolicyFails_AndWithAllowUnevaluatedFormatsAwaitsApproval()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var strict = TestUploads.NewModelName();
        var lenient = TestUploads.NewModelName();
        await PutPolicyAsync(runtime, lenient, """{"allowUnevaluatedFormats": true}""");

        await TestUploads.UploadAsync(azurite.Blobs, $"{strict}/v1/model.pkl", TestUploads.SomeModelBytes());
        await TestUploads.UploadAsync(azurite.Blobs, $"{lenient}/v1/model.pkl", TestUploads.SomeModelBytes());

        await api.WaitForStateAsync(strict, "v1", "Staging/TestsFailed");
        await api.WaitForStateAsync(lenient, "v1", "Staging/AwaitingApproval");
        var strictEvaluation = ApiClient.ReportCheck(await api.GetJsonAsync($"api/models/{strict}/versions/v1/report"), "evaluation");
        Assert.Contains("allowUnevaluatedFormats", strictEvaluation["reason"]!.GetValue<string>());
        var lenientReport = await api.GetJsonAsync($"api/models/{lenient}/versions/v1/report");
        Assert.Equal("skipped", ApiClient.ReportCheck(lenientReport, "evaluation")["outcome"]!.GetValue<string>());
        Assert.Equal("passed", ApiClient.ReportCheck(lenientReport, "integrity")["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Report_BeforeTestsFinish_Answers404Problem()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var (status, contentType, _) = await new ApiClient(runtime.Http).GetAsync($"api/models/{TestUploads.NewModelName()}/versions/v1/report");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", contentType);
    }

    internal static async Task PutPolicyAsync(PipelineRuntime runtime, string model, string policy)
    {
        using var response = await runtime.Http.PutAsync($"api/models/{model}/policy", new StringContent(policy, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
