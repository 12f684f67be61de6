using Grpc.Net.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api.Http;
using Pipeline.Testing;

namespace Pipeline.Workflow.Tests;

/// <summary>
/// A durable engine that does not answer is a 503 with <c>Retry-After</c>, as storage that does not answer is: the
/// version's read goes through the gate with a client whose engine is a port nobody listens on.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EngineUnavailableTests(AzuriteFixture azurite, SharedPipelineRuntime shared) : IClassFixture<SharedPipelineRuntime>
{
    [Fact]
    public async Task Version_WhoseEngineDoesNotAnswer_Is503WithRetryAfter()
    {
        var runtime = await shared.StartOnceAsync(azurite, []);
        var api = new ApiClient(runtime.Http);
        var model = TestUploads.NewModelName("engine");
        await TestUploads.UploadAsync(azurite.Blobs, $"{model}/v1/model.onnx", TestUploads.SampleModelBytes());
        // Past registration, the version has a workflow, whose status the read asks the engine for.
        await api.WaitForStateAsync(model, "v1", "Staging/AwaitingApproval");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{FreePorts.Take(1)[0]}");
        await using var services = new ServiceCollection().AddLogging().AddDurableTaskClient(client => client.UseGrpc(channel)).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = runtime.Get<IServiceProvider>() };

        var answer = await runtime.Get<ModelApi>().GetVersionAsync(context.Request, services.GetRequiredService<DurableTaskClient>(), model, "v1", CancellationToken.None);
        var (status, contentType, body) = await ExecutedResult.RunAsync(answer, context);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(ApiProblems.RetryAfterSeconds, context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("The durable engine is unavailable: it answered Unavailable.", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // Through the runtime's own client the same read answers.
        Assert.Equal("v1", (await api.GetJsonAsync($"api/models/{model}/versions/v1"))["version"]!.GetValue<string>());
    }
}
