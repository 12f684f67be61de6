using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Pipeline.Api.Http;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// A decision whose workflow ends between the API's check and the raise. The local sidecar drops such
/// an event without a word; the Functions host refuses it with gRPC FailedPrecondition. That refusal is
/// played by <see cref="RaceLosingClient"/> over the real engine, since the Functions host cannot run here.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DecisionRaceTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(StatusCode.FailedPrecondition)]
    [InlineData(StatusCode.NotFound)]
    public async Task Approve_WorkflowEndsBeforeTheRaise_Answers409WorkflowNotWaiting(StatusCode refusal)
    {
        await using var runtime = await PipelineRuntime.StartAsync(azurite);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName();
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        var client = new RaceLosingClient(runtime.Get<DurableTaskClient>(), refusal);

        var context = new DefaultHttpContext { RequestServices = runtime.Runtime.App.Services };
        context.Request.Method = "POST";
        var result = await runtime.Get<ModelApi>().ApproveAsync(context.Request, client, model, "v1", CancellationToken.None);
        var (status, _, problem) = await ExecutedResult.RunAsync(result, context);

        Assert.Equal(StatusCodes.Status409Conflict, status);
        Assert.Equal("Workflow not waiting", problem!["title"]!.GetValue<string>());
        Assert.Equal("Terminated", problem["runtimeStatus"]!.GetValue<string>());
        Assert.Equal("Staging/AwaitingApproval", await api.StateOfAsync(model, "v1"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/models/{model}/production")).Status);
    }

    // The real client, except that a raise first loses the race: the workflow is terminated, and the
    // event is refused as the Functions host refuses an event for an instance that is not running.
    private sealed class RaceLosingClient(DurableTaskClient inner, StatusCode refusal) : DurableTaskClient(inner.Name)
    {
        public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        {
            await inner.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(), cancellation);
            await Eventually.WaitAsync(
                () => inner.GetInstanceAsync(instanceId, cancellation),
                instance => instance?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated,
                TimeSpan.FromSeconds(30),
                $"{instanceId} to be terminated");
            throw new RpcException(new Status(refusal, "The orchestration instance with the provided instance id is not running."));
        }

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(
            TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
            inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
            inner.SuspendInstanceAsync(instanceId, reason, cancellation);

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
            inner.ResumeInstanceAsync(instanceId, reason, cancellation);

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
            inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => inner.GetAllInstancesAsync(filter);

        // The inner client belongs to the runtime, which disposes it.
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
