using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// Decisions are records, end to end on Azurite and the real durable engine: racing decisions have one
/// winner, several approvers can be required, the policy's lists are honoured, and an event raised around
/// the API moves nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DecisionRecordTests(AzuriteFixture azurite)
{
    private const int Pairs = 20;

    [Fact]
    public async Task Decide_TwentyRacingApproveRejectPairs_ExactlyOneWinsEachAndTheLoserIsToldWho()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("race");
        var versions = Enumerable.Range(1, Pairs).Select(i => $"v{i}").ToList();
        await Task.WhenAll(versions.Select((v, i) => TestUploads.UploadAsync(azurite.Blobs, $"{model}/{v}/model.onnx", TestUploads.SampleModelBytes(seed: i + 1))));
        foreach (var version in versions)
        {
            await api.WaitForStateAsync(model, version, "Staging/AwaitingApproval", TimeSpan.FromSeconds(120));
        }

        var winners = new Dictionary<string, string>();
        foreach (var version in versions)
        {
            var path = $"api/models/{model}/versions/{version}";
            var answers = await Task.WhenAll(
                Task.Run(() => api.PostAsync($"{path}/approve", """{"comment": "ship it"}""", "alice@example.com")),
                Task.Run(() => api.PostAsync($"{path}/reject", """{"reason": "not yet"}""", "bob@example.com")));

            var won = Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
            var lost = Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict);
            var decision = won.Body!["decision"]!;
            Assert.Equal("application/problem+json", lost.ContentType);
            Assert.Equal("Already decided", lost.Body!["title"]!.GetValue<string>());
            Assert.Equal(decision["by"]!.GetValue<string>(), lost.Body["decidedBy"]!.GetValue<string>());
            Assert.Equal(decision["id"]!.GetValue<string>(), lost.Body["decisionId"]!.GetValue<string>());
            winners[version] = decision["decision"]!.GetValue<string>();
        }

        foreach (var version in versions)
        {
            var expected = winners[version] == "approved" ? new[] { "Production/", "Archived/" } : ["Staging/Rejected"];
            var state = await Eventually.WaitAsync(() => api.StateOfAsync(model, version), expected.Contains, TimeSpan.FromSeconds(60), $"{version} to follow its decision");
            var recorded = Assert.Single((await api.GetJsonAsync($"api/models/{model}/versions/{version}"))["decisions"]!.AsArray());
            Assert.Equal(winners[version], recorded!["decision"]!.GetValue<string>());
            Assert.Contains(state, expected);
        }

        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal(Pairs, history.Count(h => h!["action"]!.GetValue<string>() is "approvalRecorded" or "rejectionRecorded"));
    }

    [Fact]
    public async Task Approve_TwoRequiredFromListedApprovers_PromotesOnTheSecondDistinctApproval()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        Assert.Equal(HttpStatusCode.OK, (await PutPolicyAsync(runtime, model, """{"approval": {"approvers": ["alice@example.com", "bob@example.com"], "requiredApprovals": 2}}""", "owner@example.com")).Status);
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var approve = $"api/models/{model}/versions/v1/approve";

        var first = await api.PostAsync(approve, """{"comment": "metrics ok"}""", "alice@example.com");
        var repeated = await api.PostAsync(approve, "{}", "Alice@Example.com");
        var outsider = await api.PostAsync(approve, "{}", "mallory@example.com");
        var stateBetween = await api.StateOfAsync(model, "v1");
        var second = await api.PostAsync(approve, """{"comment": "bias review ok"}""", "bob@example.com");
        await api.WaitForStateAsync(model, "v1", "Production/");

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(1, first.Body!["approvals"]!.GetValue<int>());
        Assert.Equal(2, first.Body["requiredApprovals"]!.GetValue<int>());
        Assert.False(first.Body["decision"]!["settles"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Accepted, repeated.Status);
        Assert.Equal(first.Body["decision"]!["id"]!.GetValue<string>(), repeated.Body!["decision"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, outsider.Status);
        Assert.Equal("Not listed by the model's policy", outsider.Body!["title"]!.GetValue<string>());
        Assert.Equal("approval.approvers", outsider.Body["list"]!.GetValue<string>());
        Assert.Equal("Staging/AwaitingApproval", stateBetween);
        Assert.True(second.Body!["decision"]!["settles"]!.GetValue<bool>());
        var history = (await api.GetJsonAsync($"api/models/{model}/history")).AsArray();
        Assert.Equal(2, history.Count(h => h!["action"]!.GetValue<string>() == "approvalRecorded"));
        var promoted = Assert.Single(history, h => h!["action"]!.GetValue<string>() == "promoted");
        Assert.Equal("alice@example.com, bob@example.com", promoted!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task RaiseEvent_AroundTheApi_IsIgnoredRecordedAndTheWaitGoesOn()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var instanceId = (await api.GetJsonAsync($"api/models/{model}/versions/v1"))["orchestrationId"]!.GetValue<string>();

        // What the durable engine's own API lets anyone with its key do: raise the decision event directly.
        var engine = runtime.Get<DurableTaskClient>();
        await engine.RaiseEventAsync(instanceId, WorkflowEvents.Decision, new { Approved = true, Actor = "mallory", Comment = "trust me" });
        await engine.RaiseEventAsync(instanceId, WorkflowEvents.Decision, new DecisionSignal("guessed"));
        var ignored = await Eventually.WaitAsync(
            async () => (await api.GetJsonAsync($"api/models/{model}/history")).AsArray().Count(h => h!["action"]!.GetValue<string>() == "decisionIgnored"),
            count => count == 2,
            TimeSpan.FromSeconds(30),
            "both raised events to be recorded as ignored");

        Assert.Equal(2, ignored);
        Assert.Equal("Staging/AwaitingApproval", await api.StateOfAsync(model, "v1"));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await engine.GetInstanceAsync(instanceId))!.RuntimeStatus);
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "victor@example.com")).Status);
        await api.WaitForStateAsync(model, "v1", "Production/");
    }

    [Fact]
    public async Task PutPolicy_OwnersListed_OnlyTheyMayChangeIt()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var model = TestUploads.NewModelName();
        const string owned = """{"owners": ["olivia@example.com"], "retention": {"keepArchived": 2}}""";

        var set = await PutPolicyAsync(runtime, model, owned, "anyone-with-the-role@example.com");
        var intruder = await PutPolicyAsync(runtime, model, """{"retention": {"keepArchived": 1}}""", "mallory@example.com");
        var owner = await PutPolicyAsync(runtime, model, """{"owners": ["olivia@example.com"], "retention": {"keepArchived": 3}}""", "Olivia@Example.com");

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal(HttpStatusCode.Forbidden, intruder.Status);
        Assert.Equal("Not listed by the model's policy", intruder.Body!["title"]!.GetValue<string>());
        Assert.Equal("owners", intruder.Body["list"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, owner.Status);
        var policy = await new ApiClient(runtime.Http).GetJsonAsync($"api/models/{model}/policy");
        Assert.Equal(3, policy["retention"]!["keepArchived"]!.GetValue<int>());
    }

    [Fact]
    public async Task Decide_AfterTheDeadline_Is409AndNothingIsRecorded()
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite, approvalTimeout: TimeSpan.FromSeconds(2));
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        var waiting = await Eventually.WaitAsync(
            () => api.GetAsync($"api/models/{model}/versions/v1"),
            v => v.Body?["approvalDueAt"] is not null,
            TimeSpan.FromSeconds(30),
            "the version to await approval");
        var due = DateTimeOffset.Parse(waiting.Body!["approvalDueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(due - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        var late = await api.PostAsync($"api/models/{model}/versions/v1/approve", "{}", "victor@example.com");
        await api.WaitForStateAsync(model, "v1", "Staging/ApprovalExpired");

        // Before the workflow marks the wait expired, the deadline refuses it; after, the state does.
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Contains(late.Body!["title"]!.GetValue<string>(), new[] { "Approval deadline passed", "Version state does not allow this" });
        Assert.Empty((await api.GetJsonAsync($"api/models/{model}/versions/v1"))["decisions"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/production")).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PutPolicyAsync(PipelineRuntime runtime, string model, string policy, string principal)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/models/{model}/policy")
        {
            Content = new StringContent(policy, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", principal);
        using var response = await runtime.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }
}
