using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// Nothing gets stuck: models and datasets that used to throw out of the staging round end it TestsFailed
/// with a readable reason, on the real durable backend, and a version whose workflow failed or was
/// terminated behind the registry can be retested.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StuckVersionTests(AzuriteFixture azurite)
{
    // A stand-in for a round's workflow that fails, registered beside the pipeline's own.
    private const string Exploding = "ExplodingWorkflow";

    private static readonly string CreditEval = File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "datasets", "credit-eval.csv"));

    [Fact]
    public async Task FortyThousandCharacterInputName_EndsTestsFailedWithAShortReason_AndRetestRunsAgain()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();

        var version = await UploadAndWaitAsync(api, model, OnnxModelBytes.Logistic(new string('x', 40_000)), "TestsFailed");

        var reason = version["statusReason"]!.GetValue<string>();
        Assert.StartsWith("signature: The serving contract cannot be recorded: Input 'xxx", reason, StringComparison.Ordinal);
        Assert.Contains("has a name of 40000 characters; names may have at most 1024", reason, StringComparison.Ordinal);
        Assert.InRange(reason.Length, 1, 300);
        Assert.Equal("passed", ResultOf(version, "loads")["outcome"]!.GetValue<string>());
        await RetestAndWaitForRoundAsync(api, model, 2, "TestsFailed");
    }

    [Fact]
    public async Task OutputSqueezedToAScalarForOneRow_EndsTestsFailedOnItsLatencyCheck_AndRetestRunsAgain()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await PutPolicyWithDatasetAsync(runtime, model, CreditEval, """ "latency": {"p95Ms": 100, "rows": 20}""");

        var version = await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(sample: "squeezed-output.onnx"), "TestsFailed");

        var reason = version["statusReason"]!.GetValue<string>();
        Assert.StartsWith("latency: The model cannot score a single row: Output 'probability'", reason, StringComparison.Ordinal);
        Assert.Contains("has shape [] for 1 rows", reason, StringComparison.Ordinal);
        Assert.Equal("passed", ResultOf(version, "evaluation")["outcome"]!.GetValue<string>());
        await RetestAndWaitForRoundAsync(api, model, 2, "TestsFailed");
    }

    [Fact]
    public async Task LatencyRowsTimesAWideDataset_EndsTestsFailedNamingWhatFits_AndRetestRunsAgain()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await PutPolicyWithDatasetAsync(runtime, model, TestDatasets.Wide(features: 1_999, rows: 2_200), """ "latency": {"p95Ms": 100, "rows": 100000}""");

        var version = await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(sample: "any-width.onnx"), "TestsFailed", TimeSpan.FromSeconds(60));

        Assert.Equal(
            "latency: latency.rows 100000 × 1999 features is 199900000 values, more than the 4194304 (16 MiB) the latency probe keeps; set latency.rows to at most 2098",
            version["statusReason"]!.GetValue<string>());
        await RetestAndWaitForRoundAsync(api, model, 2, "TestsFailed", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task OneRunNeverEndsWithAShortMaxEvaluationTime_EndsTestsFailedAtTheLimit()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: ["--Pipeline:MaxEvaluationTime=00:00:03"]);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await PutPolicyWithDatasetAsync(runtime, model, CreditEval);

        var version = await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(sample: "slow-loop.onnx"), "TestsFailed", TimeSpan.FromSeconds(60));

        Assert.Equal(
            "evaluation: The model checks ran past their time limit of 3 s (MaxEvaluationTime): the evaluation stopped after scoring 0 rows; evaluate on a smaller dataset or allow more time",
            version["statusReason"]!.GetValue<string>());
        Assert.Equal(1, version["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task ExternalDataModel_EndsTestsFailedOnItsLoadCheck()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();

        var version = await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(sample: "external-data.onnx"), "TestsFailed");

        Assert.StartsWith(
            "loads: The model (stream) keeps tensor 'w' in an external data file (data_location EXTERNAL)", version["statusReason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("columns", "The dataset has 100001 columns; at most 10000 are read")]
    [InlineData("line", "Line 1 of the dataset is longer than 1048576 characters")]
    public async Task DatasetOverItsLimits_EndsTestsFailedOnTheEvaluation(string limit, string expectedReason)
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await PutPolicyWithDatasetAsync(runtime, model, limit == "columns" ? TestDatasets.ManyColumns(100_000) : TestDatasets.SingleLine(megabytes: 10));

        await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(), "TestsFailed");

        var evaluation = ApiClient.ReportCheck(await api.GetJsonAsync($"api/models/{model}/versions/v1/report"), "evaluation");
        Assert.Equal("failed", evaluation["outcome"]!.GetValue<string>());
        Assert.StartsWith(expectedReason, evaluation["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retest_WorkflowFailedWhileAwaitingApproval_ClosesTheRoundAndTheNextCanBeApproved()
    {
        // The round's workflow fails while the version awaits approval. The orchestrator itself no longer fails on
        // anything raised to it, so the failure is played by a workflow that throws, put under the round's instance id.
        await using var runtime = await PipelineRuntime.StartAsync(
            azurite, configureTasks: tasks => tasks.AddOrchestratorFunc<object?, object?>(Exploding, (_, _) => throw new InvalidOperationException("The host lost its state.")));
        var api = new ApiClient(runtime.Http);
        var client = runtime.Get<DurableTaskClient>();
        var model = TestUploads.NewModelName();
        await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(), "AwaitingApproval");
        await TerminateAsync(client, $"{model}:v1:1");
        await client.PurgeInstanceAsync($"{model}:v1:1");
        await client.ScheduleNewOrchestrationInstanceAsync(Exploding, input: null, new StartOrchestrationOptions($"{model}:v1:1"));
        await WaitForRuntimeStatusAsync(client, $"{model}:v1:1", OrchestrationRuntimeStatus.Failed);
        var (approveStatus, _, _) = await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}");
        Assert.Equal(HttpStatusCode.Conflict, approveStatus);

        await RetestAndWaitForRoundAsync(api, model, 2, "AwaitingApproval");
        var (status, _, _) = await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}");

        Assert.Equal(HttpStatusCode.Accepted, status);
        await api.WaitForStateAsync(model, "v1", "Production/");
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal(
            ["promoted", "approvalRecorded", "testsPassed", "testsStarted", "workflowEnded", "testsPassed", "testsStarted", "registered"],
            history.Select(h => h!["action"]!.GetValue<string>()));
        var closed = history[4]!;
        Assert.Equal("AwaitingApproval", closed["from"]!.GetValue<string>());
        Assert.Equal("TestsFailed", closed["to"]!.GetValue<string>());
        Assert.Equal(
            $"Round 1 did not finish: its workflow '{model}:v1:1' is failed: The host lost its state. Closed so that the version could be retested.",
            closed["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retest_WorkflowTerminatedAndPurgedWhileAwaitingApproval_ClosesTheRoundAsMissing()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var client = runtime.Get<DurableTaskClient>();
        var model = TestUploads.NewModelName();
        await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(), "AwaitingApproval");
        await TerminateAsync(client, $"{model}:v1:1");
        // A purge removes only an instance whose end the backend has recorded, and a message of the instance still in
        // flight may write its row again: purge until it is gone and stays gone for a second.
        await Eventually.WaitAsync(
            async () =>
            {
                await client.PurgeInstanceAsync($"{model}:v1:1");
                if (await client.GetInstanceAsync($"{model}:v1:1") is not null)
                {
                    return false;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
                return await client.GetInstanceAsync($"{model}:v1:1") is null;
            },
            gone => gone,
            TimeSpan.FromSeconds(30),
            "the terminated workflow to be purged");

        await RetestAndWaitForRoundAsync(api, model, 2, "AwaitingApproval");

        Assert.Equal(
            $"Round 1 did not finish: its workflow '{model}:v1:1' is missing. Closed so that the version could be retested.",
            (await ClosingEntryAsync(api, model))["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retest_WorkflowTerminatedWhileTesting_ClosesTheRoundAndRunsTheNext()
    {
        // The slow model keeps round 1 in Testing; the time limit ends what is left of its work soon after.
        await using var runtime = await PipelineRuntime.StartAsync(azurite, extraArgs: ["--Pipeline:MaxEvaluationTime=00:00:06"]);
        var api = new ApiClient(runtime.Http);
        var client = runtime.Get<DurableTaskClient>();
        var model = TestUploads.NewModelName();
        await PutPolicyWithDatasetAsync(runtime, model, CreditEval);
        await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(sample: "slow-loop.onnx"), "Testing");
        await TerminateAsync(client, $"{model}:v1:1");

        var version = await RetestAndWaitForRoundAsync(api, model, 2, "TestsFailed", TimeSpan.FromSeconds(60));

        Assert.StartsWith("evaluation: The model checks ran past their time limit of 6 s", version["statusReason"]!.GetValue<string>(), StringComparison.Ordinal);
        var closed = await ClosingEntryAsync(api, model);
        Assert.Equal("Testing", closed["from"]!.GetValue<string>());
        Assert.Equal($"Round 1 did not finish: its workflow '{model}:v1:1' is terminated. Closed so that the version could be retested.", closed["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retest_WhileTheWorkflowStillWaitsForADecision_Answers409AndChangesNothing()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await UploadAndWaitAsync(api, model, TestUploads.SampleModelBytes(), "AwaitingApproval");

        var (status, contentType, problem) = await api.PostAsync($"api/models/{model}/versions/v1/retest");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("AwaitingApproval", problem!["currentStatus"]!.GetValue<string>());
        Assert.Contains("still running", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var version = await api.GetJsonAsync($"api/models/{model}/versions/v1");
        Assert.Equal(1, version["attempt"]!.GetValue<int>());
        Assert.Equal("AwaitingApproval", version["status"]!.GetValue<string>());
    }

    private static JsonNode ResultOf(JsonNode version, string check) =>
        version["testResults"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == check)!;

    private static async Task<JsonNode> RetestAndWaitForRoundAsync(ApiClient api, string model, int round, string status, TimeSpan? timeout = null)
    {
        var (accepted, _, body) = await api.PostAsync($"api/models/{model}/versions/v1/retest");
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        Assert.Equal($"{model}:v1:{round}", body!["orchestrationId"]!.GetValue<string>());
        return await Eventually.WaitAsync(
            () => api.GetJsonAsync($"api/models/{model}/versions/v1"),
            v => v["attempt"]!.GetValue<int>() == round && v["status"]!.GetValue<string>() == status,
            timeout ?? TimeSpan.FromSeconds(30),
            $"round {round} to end {status}");
    }

    private static async Task<JsonNode> ClosingEntryAsync(ApiClient api, string model) =>
        (await api.GetJsonAsync($"api/models/{model}/history")).AsArray().Single(h => h!["action"]!.GetValue<string>() == "workflowEnded")!;

    private static async Task TerminateAsync(DurableTaskClient client, string instanceId)
    {
        await client.TerminateInstanceAsync(instanceId, "operator stopped it");
        await WaitForRuntimeStatusAsync(client, instanceId, OrchestrationRuntimeStatus.Terminated);
    }

    private static Task WaitForRuntimeStatusAsync(DurableTaskClient client, string instanceId, OrchestrationRuntimeStatus status) =>
        Eventually.WaitAsync(
            () => client.GetInstanceAsync(instanceId),
            i => i?.RuntimeStatus == status,
            TimeSpan.FromSeconds(30),
            $"{instanceId} to be {status}");

    // The model's policy: evaluation (binary classification, label "label") on csv, put in the datasets
    // container for it, and whatever else the policy says (such as a "latency" section).
    private async Task PutPolicyWithDatasetAsync(PipelineRuntime runtime, string model, string csv, string? more = null)
    {
        await TestUploads.UploadDatasetAsync(azurite.Blobs, $"{model}/eval.csv", BinaryData.FromString(csv));
        var evaluation = $$$"""{"dataset": "{{{model}}}/eval.csv", "task": "binary-classification", "label": "label"}""";
        await ModelChecksTests.PutPolicyAsync(runtime, model, $$"""{"evaluation": {{evaluation}}{{(more is null ? "" : ", " + more)}}}""");
    }

    // Uploads the artifact as v1 and waits for its first round to reach status; returns the version as the API shows it.
    private async Task<JsonNode> UploadAndWaitAsync(ApiClient api, string model, byte[] artifact, string status, TimeSpan? timeout = null)
    {
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", artifact);
        await api.WaitForStateAsync(model, "v1", $"Staging/{status}", timeout);
        return await api.GetJsonAsync($"api/models/{model}/versions/v1");
    }
}
