using System.Net;
using System.Net.Sockets;
using Pipeline.Testing;

namespace Pipeline.Local.Tests;

/// <summary>The local runtime as a separate process, driven only by blob uploads and HTTP, as a user drives it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EndToEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task UploadCommand_Intent_RegistersTheVersionWithTheVerifiedUploader()
    {
        await using var runtime = await LocalRuntimeProcess.StartAsync(Environment(PipelineRuntime.NewTaskHubName()));
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("credit");
        var sample = Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "models", "credit-risk-v1.onnx");

        var (exitCode, output) = await LocalRuntimeProcess.RunUploadAsync(
            Environment(string.Empty), sample, $"{model}/v1/model.onnx", "--intent", "--api", runtime.BaseAddress.ToString(), "--name", "ursula@example.com");

        Assert.True(exitCode == 0, output);
        Assert.Contains("through an upload intent", output, StringComparison.Ordinal);
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var uploadedBy = (await api.GetJsonAsync($"api/models/{model}/versions/v1"))["uploadedBy"]!;
        Assert.Equal("ursula@example.com", uploadedBy["name"]!.GetValue<string>());
        Assert.True(uploadedBy["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Story_TwoVersionsApproved_SecondInProductionFirstArchivedHistoryComplete()
    {
        await using var runtime = await LocalRuntimeProcess.StartAsync(Environment(PipelineRuntime.NewTaskHubName()));
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("credit");

        var sample = Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "models", "credit-risk-v1.onnx");
        var (exitCode, uploadOutput) = await LocalRuntimeProcess.RunUploadAsync(Environment(string.Empty), sample, $"{model}/v1/model.onnx");
        Assert.True(exitCode == 0, uploadOutput);
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v1/approve", """{"comment": "first"}""", "gina")).Status);
        await api.WaitForStateAsync(model, "v1", "Production/");

        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v2/model.onnx", TestUploads.SampleModelBytes(seed: 2));
        await api.WaitForStateAsync(model, "v2", "Staging/AwaitingApproval");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v2/approve", """{"comment": "second"}""", "hugo")).Status);
        await api.WaitForStateAsync(model, "v2", "Production/");

        Assert.Equal("Archived/", await api.StateOfAsync(model, "v1"));
        var production = await api.GetJsonAsync($"api/models/{model}/production");
        Assert.Equal("v2", production["version"]!.GetValue<string>());
        var models = (await api.GetJsonAsync("api/models?limit=1000")).AsArray();
        Assert.Equal("v2", models.Single(m => m!["model"]!.GetValue<string>() == model)!["production"]!["version"]!.GetValue<string>());
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray()
            .Select(h => $"{h!["version"]}:{h["action"]}").ToList();
        Assert.Equal(
            ["v2:promoted", "v1:archived", "v2:approvalRecorded", "v2:testsPassed", "v2:testsStarted", "v2:registered",
             "v1:promoted", "v1:approvalRecorded", "v1:testsPassed", "v1:testsStarted", "v1:registered"],
            history);
    }

    [Fact]
    public async Task Retention_ThreePromotedCleanupKeepOne_OldestPurgedHistoryIntactRollbackToMiddle()
    {
        var environment = Environment(PipelineRuntime.NewTaskHubName());
        environment["Retention__KeepArchived"] = "1";
        environment["Retention__ArchivedDays"] = "0";
        await using var runtime = await LocalRuntimeProcess.StartAsync(environment);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("ret");
        var promotedAt = new Dictionary<string, string>();
        var seed = 10;
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/{version}/model.onnx", TestUploads.SampleModelBytes(seed: seed++));
            await api.WaitForStateAsync(model, version, "Staging/AwaitingApproval");
            await api.PostAsync($"api/models/{model}/versions/{version}/approve", "{}", "approver");
            await api.WaitForStateAsync(model, version, "Production/");
            promotedAt[version] = (await api.GetJsonAsync($"api/models/{model}/versions/{version}"))["promotedAt"]!.GetValue<string>();
        }

        var (cleanupStatus, _, report) = await api.PostAsync("api/cleanup/runs");

        Assert.Equal(HttpStatusCode.OK, cleanupStatus);
        var purged = report!["purged"]!.AsArray().Where(p => p!["model"]!.GetValue<string>() == model).Select(p => p!["version"]!.GetValue<string>());
        Assert.Equal(["v1"], purged);
        var v1 = await api.GetJsonAsync($"api/models/{model}/versions/v1");
        Assert.NotNull(v1["purgedAt"]);
        var vaultCopy = $"{model}/{v1["sha256"]!.GetValue<string>()}";
        Assert.False((await azurite.Blobs.GetBlobContainerClient("vault").GetBlobClient(vaultCopy).ExistsAsync()).Value);
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal(3, history.Count(h => h!["action"]!.GetValue<string>() == "registered"));
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "purged");

        var (purgedStatus, _, refusal) = await api.PostAsync($"api/models/{model}/rollback", "{\"toVersion\": \"v1\", \"expectedCurrent\": \"v3\"}", "oncall");
        Assert.Equal(HttpStatusCode.Conflict, purgedStatus);
        Assert.Contains("purged", refusal!["detail"]!.GetValue<string>());

        const string rollback = "{\"toVersion\": \"v2\", \"expectedCurrent\": \"v3\", \"reason\": \"v3 regressed\"}";
        var (rollbackStatus, _, restored) = await api.PostAsync($"api/models/{model}/rollback", rollback, "oncall");
        Assert.Equal(HttpStatusCode.OK, rollbackStatus);
        // The same rollback again (a retry, a second person) does not flip production back.
        var (againStatus, _, again) = await api.PostAsync($"api/models/{model}/rollback", rollback, "oncall");
        Assert.Equal(HttpStatusCode.Conflict, againStatus);
        Assert.Contains("not 'v3'", again!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync($"api/models/{model}/rollback", "{\"toVersion\": \"v3\"}", "oncall")).Status);
        Assert.Equal("Production", restored!["stage"]!.GetValue<string>());
        Assert.Equal("v2", (await api.GetJsonAsync($"api/models/{model}/production"))["version"]!.GetValue<string>());
        Assert.Equal("Archived/", await api.StateOfAsync(model, "v3"));

        var atV3 = await api.GetJsonAsync($"api/models/{model}/production?at={Uri.EscapeDataString(promotedAt["v3"])}");
        Assert.Equal("v3", atV3["version"]!.GetValue<string>());
        var atV1 = await api.GetJsonAsync($"api/models/{model}/production?at={Uri.EscapeDataString(promotedAt["v1"])}");
        Assert.Equal("v1", atV1["version"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/production?at=2000-01-01T00:00:00Z")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"api/models/{model}/production?at=yesterday")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync($"api/models/{model}/rollback", "{\"toVersion\": \"v404\", \"expectedCurrent\": \"v2\"}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PostAsync($"api/models/{model}/rollback", "{\"toVersion\": 3}")).Status);
    }

    [Fact]
    public async Task Crash_KilledWhileAwaitingApproval_RestartedProcessPromotesOnApproval()
    {
        var hub = PipelineRuntime.NewTaskHubName();
        var model = TestUploads.NewModelName("crash");
        var first = await LocalRuntimeProcess.StartAsync(Environment(hub));
        await using (first)
        {
            await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
            var firstApi = new ApiClient(first.Http);
            await firstApi.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
            // Kill while the workflow itself waits for the decision (the registry gets there a moment before it).
            await Eventually.WaitAsync(
                () => firstApi.GetJsonAsync($"api/models/{model}/versions/v1"),
                v => v["workflow"]?["customStatus"]?.GetValue<string>() == "AwaitingApproval",
                TimeSpan.FromSeconds(30),
                "the workflow to wait for approval");
            await first.KillAsync();
        }

        await using var second = await LocalRuntimeProcess.StartAsync(Environment(hub));
        var api = new ApiClient(second.Http);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "ivan")).Status);

        await api.WaitForStateAsync(model, "v1", "Production/", TimeSpan.FromSeconds(60));
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Single(history, h => h!["action"]!.GetValue<string>() == "registered");
    }

    [Fact]
    public async Task OneCommand_NoStorageConfigured_StartsAzuriteServesAndStopsCleanlyOnCtrlC()
    {
        var ports = FreePorts.Take(3);
        var data = Path.Combine(Path.GetTempPath(), "pipeline-e2e", Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = string.Empty,
            ["Local__DataDirectory"] = data,
            ["Local__AzuriteBlobPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Local__AzuriteQueuePort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Local__AzuriteTablePort"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        try
        {
            await using var runtime = await LocalRuntimeProcess.StartAsync(environment);
            Assert.Equal(HttpStatusCode.OK, (await new ApiClient(runtime.Http).GetAsync("api/uploads/rejected")).Status);
            Assert.True(Directory.Exists(Path.Combine(data, "azurite")), "Azurite keeps its data in the configured folder.");

            // A clean stop takes a second or two; a backend stuck releasing its leases (Azurite stopped under it) takes over 20.
            Assert.True(await runtime.InterruptAsync(TimeSpan.FromSeconds(12)), $"Ctrl+C did not stop the runtime promptly:\n{runtime.Output}");
            Assert.True(runtime.ExitCode == 0, $"The runtime exited with {runtime.ExitCode}:\n{runtime.Output}");
            Assert.False(await IsListeningAsync(ports[0]), "Azurite was left running after the runtime stopped.");
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task UploadCommand_BadPath_RefusesWithReasonAndUploadsNothing()
    {
        var sample = Path.Combine(AzuriteFixture.RepositoryRoot, "samples", "models", "credit-risk-v1.onnx");
        var name = $"Upper-{Guid.NewGuid():N}/v1/model.onnx";

        var (exitCode, output) = await LocalRuntimeProcess.RunUploadAsync(Environment(string.Empty), sample, name);

        Assert.Equal(2, exitCode);
        Assert.Contains("lowercase", output);
        Assert.False((await azurite.Blobs.GetBlobContainerClient("models").GetBlobClient(name).ExistsAsync()).Value);
    }

    private Dictionary<string, string> Environment(string hub) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["TASKHUB_NAME"] = hub,
    };

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
